"""The minutes editor, one module per screen: the page (`editor`), its lists (`rows`), the
rewritten paragraphs (`overrides`) and the document (`document`)."""
