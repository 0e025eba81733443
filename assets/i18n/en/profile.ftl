# profile — English
