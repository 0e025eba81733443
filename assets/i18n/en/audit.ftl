# audit — English
