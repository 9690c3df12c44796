"""Council Analytics FOI Register: YAML records of councils' FOI answers, built into a static site."""
