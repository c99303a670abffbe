"""``noomus-staff``: Noomus staff fetch deliveries from their own machines.

The staff identity (the age secret key) never touches the server: the tool downloads the
ciphertext and its encrypted manifest through the staff API, decrypts on this machine,
checks the manifest against the plaintext before trusting its names, and restores the
customer's names and folders safely. A client package: it never imports ``noomus_extranet``
(the server's own ``deliveries decrypt`` takes the name restoring from here instead).
"""
