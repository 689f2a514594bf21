build/core/msg.o: core/msg.c core/msg.h core/buf.h
core/msg.h:
core/buf.h:
