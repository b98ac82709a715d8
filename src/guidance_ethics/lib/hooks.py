"""Questions a lower app asks the apps above it, through a Django signal.

A lower app never imports a higher one (docs/decisions.md, "The order of the apps"). When it
needs their answer, a page that counts what a deletion takes with it say, it owns a signal
and the apps above connect a receiver that returns a dict; ``collect`` merges the answers.
"""


def collect(signal, **kwargs) -> dict:
    """The dicts the receivers of ``signal`` return, merged in the order they connected."""
    merged = {}
    for _receiver, answer in signal.send(**kwargs):
        merged.update(answer)
    return merged
