# users — English
