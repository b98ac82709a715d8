"""guidance-ethics: a platform for sessions of the Aanpak Begeleidingsethiek."""

__version__ = "0.1.0"
