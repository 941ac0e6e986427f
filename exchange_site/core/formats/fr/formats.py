"""French: "lundi 26 avril 2027"."""

DATE_FORMAT = "l j F Y"
