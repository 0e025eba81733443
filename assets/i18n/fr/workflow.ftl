# workflow (fr)
