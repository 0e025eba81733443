# intervention (en)
