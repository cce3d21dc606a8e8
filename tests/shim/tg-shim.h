/* tg-shim.h: the C side of thaogo as the C++ tests see it: GLib first, then the project's
 * headers (each carries G_BEGIN_DECLS, so they link as C) */
#pragma once

#include <glib.h>
#include <glib/gstdio.h>
#include <json-glib/json-glib.h>

#include "tg-booking.h"
#include "tg-clock.h"
#include "tg-config.h"
#include "tg-date.h"
#include "tg-dossier.h"
#include "tg-email.h"
#include "tg-engine.h"
#include "tg-error.h"
#include "tg-holiday.h"
#include "tg-i18n.h"
#include "tg-lunar.h"
#include "tg-occurrence.h"
#include "tg-series.h"
#include "tg-random.h"
#include "tg-store.h"
#include "tg-text.h"
#include "tg-token.h"
#include "tg-unit.h"
