import pytest
from django.core.management import CommandError, ManagementUtility, call_command
from pypdf import PdfReader

from tests.documents.pdfutil import pdf_text

pytestmark = pytest.mark.django_db


def test_renders_a_notice_by_its_number(seed_meeting, tmp_path):
    out = tmp_path / "notice.pdf"
    call_command("render_document", "认可委（秘）〔2020〕20号", output=str(out))
    text = pdf_text(out.read_bytes())
    assert text.startswith("中国合格评定国家认可委员会文件认可委（秘）〔2020〕20号")
    assert "会议取得了圆满成功。" in text


def test_minutes_only_and_by_meeting_id(seed_meeting, tmp_path):
    call_command(
        "render_document", "认可委（秘）〔2020〕20号", "--minutes-only", output=str(tmp_path / "m.pdf")
    )
    call_command("render_document", str(seed_meeting.pk), output=str(tmp_path / "id.pdf"))
    for name in ("m.pdf", "id.pdf"):
        text = pdf_text((tmp_path / name).read_bytes())
        assert "认可委（秘）" not in text and "第四届执行委员会第二次会议纪要" in text


def test_archive_flag_makes_pdfa(seed_meeting, tmp_path):
    call_command("render_document", "认可委（秘）〔2020〕20号", "--archive", output=str(tmp_path / "a.pdf"))
    reader = PdfReader(tmp_path / "a.pdf")
    assert 'pdfaid:part="2"' in reader.trailer["/Root"]["/Metadata"].get_object().get_data().decode()


@pytest.mark.parametrize("name", ["认可委（秘）〔2020〕21号", "认可委〔2020〕20号", "乱码", "999999"])
def test_unknown_document_is_a_clear_error(seed_meeting, tmp_path, name):
    with pytest.raises(CommandError, match="找不到|没有编号"):
        call_command("render_document", name, output=str(tmp_path / "x.pdf"))
    assert not (tmp_path / "x.pdf").exists()


def test_unknown_document_exits_with_status_1(seed_meeting, tmp_path, capsys):
    utility = ManagementUtility(
        ["manage.py", "render_document", "认可委（秘）〔2099〕1号", "-o", str(tmp_path / "x")]
    )
    with pytest.raises(SystemExit) as exit_info:
        utility.execute()
    assert exit_info.value.code == 1
    assert "找不到发文字号为“认可委（秘）〔2099〕1号”的通知" in capsys.readouterr().err
