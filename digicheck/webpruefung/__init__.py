"""Automatic web check of the Außensicht: fetch a municipality's website (``abruf``), evaluate the checks of
fragebogen/webpruefung.yaml (``pruefungen``), and suggest answers with evidence (``vorschlaege``, ``anwendung``)."""
