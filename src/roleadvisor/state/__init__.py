"""Every file roleadvisor writes under its home: where it lives, its format, validation on read,
backups of damaged files, atomic writes and the lock around each read-modify-write.

State is below the core: it never imports it. A reader is handed the type it reads into.
"""
