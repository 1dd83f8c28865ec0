"""The notice and its lifecycle, one module per screen: the meeting's page with its actions
(`package`), the notice form (`edit`), the documents (`document`) and the register."""
