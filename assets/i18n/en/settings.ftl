# settings — English
