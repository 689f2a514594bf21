build/core/db.o: core/db.c core/db.h core/msg.h core/buf.h core/status.h \
 core/schema.h
core/db.h:
core/msg.h:
core/buf.h:
core/status.h:
core/schema.h:
