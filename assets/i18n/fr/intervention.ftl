# intervention (fr)
