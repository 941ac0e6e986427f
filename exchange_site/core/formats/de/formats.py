"""German: "Montag, 26. April 2027"."""

DATE_FORMAT = "l, j. F Y"
