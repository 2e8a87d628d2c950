team = [
  "layout-cy",
  "layout-di",
]
