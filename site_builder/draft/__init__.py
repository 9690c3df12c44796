"""`python -m site_builder draft`: a record drafted from the council's own reply, every value a
suggestion for a person to confirm. `read` reads the files, `find` and `names` find what a careful
reader would, `wdtk` reads a request's facts from WhatDoTheyKnow, `write` writes the record and
`check` lists, for `validate` and the build, what is still to confirm."""
