# workflow (en)
