build/core/ledger.o: core/ledger.c core/ledger.h core/db.h core/msg.h \
 core/buf.h core/status.h
core/ledger.h:
core/db.h:
core/msg.h:
core/buf.h:
core/status.h:
