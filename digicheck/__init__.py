"""DigiCheck – Digitalisierungsgrad von Kommunen erheben, bewerten, vergleichen und berichten.

The public API is small and imported lazily so that ``digicheck --help`` stays fast::

    from digicheck import lade_projekt, pruefe, pruefe_erhebung
"""

from digicheck.version import __version__

__all__ = ["lade_projekt", "pruefe", "pruefe_erhebung", "__version__"]


def __getattr__(name: str):
    if name == "lade_projekt":
        from digicheck.eingabe.projekt import lade_projekt
        return lade_projekt
    if name == "pruefe":
        from digicheck.pruefen import pruefe
        return pruefe
    if name == "pruefe_erhebung":
        from digicheck.eingabe.erhebung import pruefe_erhebung
        return pruefe_erhebung
    raise AttributeError(name)
