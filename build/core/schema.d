build/core/schema.o: core/schema.c core/schema.h core/db.h core/msg.h \
 core/buf.h core/status.h
core/schema.h:
core/db.h:
core/msg.h:
core/buf.h:
core/status.h:
