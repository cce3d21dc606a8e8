/* tg-engine-private.h: what the engine's files share */
#pragma once

#include "tg-engine.h"

G_BEGIN_DECLS

struct _TgEngine {
	TgStore *store;
	TgClock *clock;
	TgEngineOptions options;
	/* what occurrences are computed from, read once and kept until a write changes it */
	GMutex cache_mutex;
	TgHolidayCalendar *calendar;  /* (nullable) with the current decisions */
	GHashTable *unit_calendars;   /* code -> TgUnitCalendar (reference counted) */
	guint64 cache_generation;     /* bumped by every invalidation */
};

/* Forget what is cached about @code (NULL: about every unit) */
void tg_engine_invalidate_unit (TgEngine *engine, const gchar *code);
void tg_engine_invalidate_calendar (TgEngine *engine);

/* checks that a unit exists in some version; an INVALID error on @field otherwise */
gboolean tg_engine_check_unit_exists (TgEngine *engine, const gchar *code, const gchar *field,
				      GHashTable *pending, GError **error);

G_END_DECLS
