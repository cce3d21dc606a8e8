/* tg-lunar.c: the Vietnamese lunar calendar (âm lịch), computed for UTC+7 (105° E) from 1968
 * and for UTC+8 (120° E) before
 *
 * Written from the formulas of Jean Meeus, Astronomical Algorithms (2nd ed., 1998):
 *
 * - the true new moon: the mean phase (49.1) with the periodic and the planetary
 *   corrections of chapter 49, in dynamical time (TT), brought to UT with ΔT (the
 *   Espenak–Meeus polynomials of NASA's Five Millennium Canon) and to the local day;
 * - the Sun's apparent longitude: the Earth's heliocentric longitude and radius vector from
 *   the truncated VSOP87 series (chapter 32, appendix III), made geocentric, with the FK5
 *   correction, the nutation in longitude (chapter 22, short form) and the aberration
 *   (chapter 25).
 *
 * The rules: a month begins on the local day of a new moon; the month that holds the
 * winter solstice (270°) is month 11; when 13 months begin from one month 11 up to the next,
 * the first of them that holds no principal term (a multiple of 30°) is the leap month and
 * takes the number of the month before it. Whether a month "holds" an instant is decided in
 * local days: from the local midnight that begins its first day up to the one that begins
 * the next month, so a month holds a term when the Sun's longitudes at those two midnights
 * lie in different 30° sectors.
 *
 * The local day depends on the date. Decision 121-CP of North Vietnam's Council of Government
 * of 8 August 1967 ("về việc tính lịch và quản lý lịch của Nhà nước") made the 7th zone,
 * UTC+7, the official time from 1 January 1968, and the lunar calendar is reckoned in it;
 * before, Vietnam used the calendar reckoned at UTC+8, and the South kept it until 1975. This
 * file follows the North, as Hồ Ngọc Đức's published tables do: a day up to 1967-12-31 runs
 * from midnight UTC+8, a day from 1968-01-01 from midnight UTC+7 (so 31 December 1967 lasts
 * 25 hours), and every new moon and principal term belongs to the day that holds it in that
 * reckoning. The lunar year that straddles the change keeps each month as it was reckoned
 * then: month 11 of Đinh Mùi began on 2 December 1967 (the new moon fell a few minutes after
 * midnight UTC+8; at UTC+7 it would be 1 December), month 12 on 31 December, and Tết Mậu
 * Thân on 29 January 1968 (the new moon at 23:29 UTC+7; 00:29 UTC+8 on the 30th, the South's
 * Tết), which is what Hồ Ngọc Đức's tables give. Tết 1965 is thus 2 February (the new moon
 * at about 00:35 UTC+8), not 1 February as UTC+7 would have it.
 *
 * Every month from late 1898 to early 2102 (about 2,500 of them) is computed once, on first
 * use, behind g_once; a conversion is then a binary search over that table.
 *
 * The library does not link libm, so the little arithmetic needed (floor, sine, cosine) is
 * written here. */
#include "config.h"

#include "tg-lunar.h"

/* Vietnam's meridian, 105° E, for the days from TG_LUNAR_JDN_TZ_CHANGE on */
#define TG_LUNAR_TZ_HOURS 7.0
/* China's, 120° E, for the days before */
#define TG_LUNAR_TZ_HOURS_BEFORE 8.0
/* the Julian Day Number of 1968-01-01, the first day reckoned at UTC+7 */
#define TG_LUNAR_JDN_TZ_CHANGE 2439857

#define TG_LUNAR_PI 3.14159265358979323846
#define TG_LUNAR_RAD (TG_LUNAR_PI / 180.0)
#define TG_LUNAR_J2000 2451545.0
/* GDate's Julian days count from 0001-01-01 = 1; the Julian Day Number of that day */
#define TG_LUNAR_JDN_OFFSET 1721425
/* lunations from k = 0 (the new moon of 2000-01-06): September 1898 to April 2102 */
#define TG_LUNAR_K_FIRST (-1253)
#define TG_LUNAR_K_LAST 1265
/* lunar years with an entry in the year index */
#define TG_LUNAR_INDEX_FIRST (TG_LUNAR_FIRST_YEAR - 1)
#define TG_LUNAR_INDEX_LAST (TG_LUNAR_LAST_YEAR + 1)

/* ---- arithmetic without libm ---- */

static gdouble
tg_lunar_floor (gdouble x)
{
	gdouble t = (gdouble) (gint64) x;
	return t > x ? t - 1.0 : t;
}

/* @x modulo 360, in [0, 360) */
static gdouble
tg_lunar_norm_deg (gdouble x)
{
	return x - 360.0 * tg_lunar_floor (x / 360.0);
}

/* the sine and cosine of @x radians (|x| < 1e6): @x is brought to [-π/4, π/4] with π/2 in
 * two parts, then the Taylor series, whose first omitted term is below 1e-16 there */
static void
tg_lunar_sincos (gdouble x, gdouble *sin_x, gdouble *cos_x)
{
	const gdouble half_pi_hi = 1.5707963267948966;
	const gdouble half_pi_lo = 6.123233995736766e-17;
	gdouble q = tg_lunar_floor (x / half_pi_hi + 0.5);
	gdouble r = (x - q * half_pi_hi) - q * half_pi_lo;
	gdouble r2 = r * r;
	gdouble s, c;
	gint64 quadrant = (gint64) q % 4;

	s = r * (1.0 -
		 r2 / 6.0 *
			 (1.0 -
			  r2 / 20.0 *
				  (1.0 -
				   r2 / 42.0 *
					   (1.0 -
					    r2 / 72.0 *
						    (1.0 -
						     r2 / 110.0 *
							     (1.0 -
							      r2 / 156.0 * (1.0 - r2 / 210.0)))))));
	c = 1.0 -
	    r2 / 2.0 *
		    (1.0 -
		     r2 / 12.0 *
			     (1.0 -
			      r2 / 30.0 *
				      (1.0 -
				       r2 / 56.0 *
					       (1.0 -
						r2 / 90.0 *
							(1.0 -
							 r2 / 132.0 *
								 (1.0 -
								  r2 / 182.0 *
									  (1.0 - r2 / 240.0)))))));
	if (quadrant < 0)
		quadrant += 4;
	switch (quadrant) {
	case 0:
		*sin_x = s;
		*cos_x = c;
		break;
	case 1:
		*sin_x = c;
		*cos_x = -s;
		break;
	case 2:
		*sin_x = -s;
		*cos_x = -c;
		break;
	default:
		*sin_x = -c;
		*cos_x = s;
		break;
	}
}

static gdouble
tg_lunar_sin_deg (gdouble deg)
{
	gdouble s, c;
	tg_lunar_sincos (tg_lunar_norm_deg (deg) * TG_LUNAR_RAD, &s, &c);
	return s;
}

/* ---- time scales ---- */

/* ΔT = TT − UT in seconds for the decimal year @y (Espenak & Meeus, 2006), 1860–2150 */
static gdouble
tg_lunar_delta_t (gdouble y)
{
	gdouble t;

	if (y < 1900.0) {
		t = y - 1860.0;
		return 7.62 + 0.5737 * t - 0.251754 * t * t + 0.01680668 * t * t * t -
		       0.0004473624 * t * t * t * t + t * t * t * t * t / 233174.0;
	}
	if (y < 1920.0) {
		t = y - 1900.0;
		return -2.79 + 1.494119 * t - 0.0598939 * t * t + 0.0061966 * t * t * t -
		       0.000197 * t * t * t * t;
	}
	if (y < 1941.0) {
		t = y - 1920.0;
		return 21.20 + 0.84493 * t - 0.076100 * t * t + 0.0020936 * t * t * t;
	}
	if (y < 1961.0) {
		t = y - 1950.0;
		return 29.07 + 0.407 * t - t * t / 233.0 + t * t * t / 2547.0;
	}
	if (y < 1986.0) {
		t = y - 1975.0;
		return 45.45 + 1.067 * t - t * t / 260.0 - t * t * t / 718.0;
	}
	if (y < 2005.0) {
		t = y - 2000.0;
		return 63.86 + 0.3345 * t - 0.060374 * t * t + 0.0017275 * t * t * t +
		       0.000651814 * t * t * t * t + 0.00002373599 * t * t * t * t * t;
	}
	if (y < 2050.0) {
		t = y - 2000.0;
		return 62.92 + 0.32217 * t + 0.005589 * t * t;
	}
	t = (y - 1820.0) / 100.0;
	return -20.0 + 32.0 * t * t - 0.5628 * (2150.0 - y);
}

/* ΔT in days at the Julian Day @jd */
static gdouble
tg_lunar_delta_t_days (gdouble jd)
{
	return tg_lunar_delta_t (2000.0 + (jd - TG_LUNAR_J2000) / 365.25) / 86400.0;
}

/* ---- the true new moon (Meeus chapter 49) ---- */

typedef struct {
	gdouble coef; /* days */
	gint8 e;      /* power of the eccentricity factor E */
	gint8 m;      /* multiples of M, the Sun's mean anomaly */
	gint8 mp;     /* of M', the Moon's mean anomaly */
	gint8 f;      /* of F, the Moon's argument of latitude */
	gint8 om;     /* of Ω, the longitude of the ascending node */
} TgLunarPhaseTerm;

static const TgLunarPhaseTerm tg_lunar_new_moon_terms[] = {
	{-0.40720, 0, 0, 1, 0, 0}, {0.17241, 1, 1, 0, 0, 0},    {0.01608, 0, 0, 2, 0, 0},
	{0.01039, 0, 0, 0, 2, 0},  {0.00739, 1, -1, 1, 0, 0},   {-0.00514, 1, 1, 1, 0, 0},
	{0.00208, 2, 2, 0, 0, 0},  {-0.00111, 0, 0, 1, -2, 0},  {-0.00057, 0, 0, 1, 2, 0},
	{0.00056, 1, 1, 2, 0, 0},  {-0.00042, 0, 0, 3, 0, 0},   {0.00042, 1, 1, 0, 2, 0},
	{0.00038, 1, 1, 0, -2, 0}, {-0.00024, 1, -1, 2, 0, 0},  {-0.00017, 0, 0, 0, 0, 1},
	{-0.00007, 0, 2, 1, 0, 0}, {0.00004, 0, 0, 2, -2, 0},   {0.00004, 0, 3, 0, 0, 0},
	{0.00003, 0, 1, 1, -2, 0}, {0.00003, 0, 0, 2, 2, 0},    {-0.00003, 0, 1, 1, 2, 0},
	{0.00003, 0, -1, 1, 2, 0}, {-0.00002, 0, -1, 1, -2, 0}, {-0.00002, 0, 1, 3, 0, 0},
	{0.00002, 0, 0, 4, 0, 0},
};

/* the planetary arguments A1..A14: coef × sin (a0 + a1 k) (A1 also − 0.009173 T²) */
typedef struct {
	gdouble coef;
	gdouble a0;
	gdouble a1;
} TgLunarPlanetTerm;

static const TgLunarPlanetTerm tg_lunar_planet_terms[] = {
	{0.000325, 299.77, 0.107408},  {0.000165, 251.88, 0.016321}, {0.000164, 251.83, 26.651886},
	{0.000126, 349.42, 36.412478}, {0.000110, 84.66, 18.206239}, {0.000062, 141.74, 53.303771},
	{0.000060, 207.14, 2.453732},  {0.000056, 154.84, 7.306860}, {0.000047, 34.52, 27.261239},
	{0.000042, 207.19, 0.121824},  {0.000040, 291.34, 1.844379}, {0.000037, 161.72, 24.198154},
	{0.000035, 239.56, 25.513099}, {0.000023, 331.55, 3.592518},
};

/* the Julian Ephemeris Day (TT) of the new moon of lunation @k (0: 2000-01-06) */
static gdouble
tg_lunar_new_moon_jde (gint k)
{
	gdouble kk = k;
	gdouble t = kk / 1236.85;
	gdouble t2 = t * t;
	gdouble t3 = t2 * t;
	gdouble t4 = t3 * t;
	gdouble jde = 2451550.09766 + 29.530588861 * kk + 0.00015437 * t2 - 0.000000150 * t3 +
		      0.00000000073 * t4;
	gdouble e = 1.0 - 0.002516 * t - 0.0000074 * t2;
	gdouble m = 2.5534 + 29.10535670 * kk - 0.0000014 * t2 - 0.00000011 * t3;
	gdouble mp =
		201.5643 + 385.81693528 * kk + 0.0107582 * t2 + 0.00001238 * t3 - 0.000000058 * t4;
	gdouble f =
		160.7108 + 390.67050284 * kk - 0.0016118 * t2 - 0.00000227 * t3 + 0.000000011 * t4;
	gdouble om = 124.7746 - 1.56375588 * kk + 0.0020672 * t2 + 0.00000215 * t3;

	m = tg_lunar_norm_deg (m);
	mp = tg_lunar_norm_deg (mp);
	f = tg_lunar_norm_deg (f);
	om = tg_lunar_norm_deg (om);
	for (guint i = 0; i < G_N_ELEMENTS (tg_lunar_new_moon_terms); i++) {
		const TgLunarPhaseTerm *p = &tg_lunar_new_moon_terms[i];
		gdouble c = p->coef;
		for (gint j = 0; j < p->e; j++)
			c *= e;
		jde += c * tg_lunar_sin_deg (p->m * m + p->mp * mp + p->f * f + p->om * om);
	}
	for (guint i = 0; i < G_N_ELEMENTS (tg_lunar_planet_terms); i++) {
		const TgLunarPlanetTerm *p = &tg_lunar_planet_terms[i];
		gdouble a = p->a0 + p->a1 * kk - (i == 0 ? 0.009173 * t2 : 0.0);
		jde += p->coef * tg_lunar_sin_deg (a);
	}
	return jde;
}

/* ---- the local day ---- */

/* the offset from UT, in hours, of the midnight that begins the day @jdn */
static gdouble
tg_lunar_tz_hours (gint32 jdn)
{
	return jdn < TG_LUNAR_JDN_TZ_CHANGE ? TG_LUNAR_TZ_HOURS_BEFORE : TG_LUNAR_TZ_HOURS;
}

/* the Julian Day Number of the local day that holds the instant @jd_ut: the day in UTC+8 if
 * that is before the change, else the day in UTC+7 (which is 1967-12-31 for the hour, 16:00
 * to 17:00 UT, when the two differ across the change) */
static gint32
tg_lunar_local_day (gdouble jd_ut)
{
	gint32 before = (gint32) tg_lunar_floor (jd_ut + 0.5 + TG_LUNAR_TZ_HOURS_BEFORE / 24.0);

	if (before < TG_LUNAR_JDN_TZ_CHANGE)
		return before;
	return (gint32) tg_lunar_floor (jd_ut + 0.5 + TG_LUNAR_TZ_HOURS / 24.0);
}

/* the Julian Day Number of the local day of the new moon of lunation @k */
static gint32
tg_lunar_new_moon_day (gint k)
{
	gdouble jde = tg_lunar_new_moon_jde (k);
	return tg_lunar_local_day (jde - tg_lunar_delta_t_days (jde));
}

/* ---- the Sun's apparent longitude (Meeus chapters 22, 25, 32) ---- */

/* one term of a VSOP87 series: a cos (b + c τ), in 1e-8 rad or AU */
typedef struct {
	gdouble a;
	gdouble b;
	gdouble c;
} TgLunarVsopTerm;

static const TgLunarVsopTerm tg_lunar_l0[] = {
	{175347046.0, 0.0, 0.0},       {3341656.0, 4.6692568, 6283.07585},
	{34894.0, 4.6261, 12566.1517}, {3497.0, 2.7441, 5753.3849},
	{3418.0, 2.8289, 3.5231},      {3136.0, 3.6277, 77713.7715},
	{2676.0, 4.4181, 7860.4194},   {2343.0, 6.1352, 3930.2097},
	{1324.0, 0.7425, 11506.7698},  {1273.0, 2.0371, 529.691},
	{1199.0, 1.1096, 1577.3435},   {990.0, 5.233, 5884.927},
	{902.0, 2.045, 26.298},        {857.0, 3.508, 398.149},
	{780.0, 1.179, 5223.694},      {753.0, 2.533, 5507.553},
	{505.0, 4.583, 18849.228},     {492.0, 4.205, 775.523},
	{357.0, 2.92, 0.067},          {317.0, 5.849, 11790.629},
	{284.0, 1.899, 796.298},       {271.0, 0.315, 10977.079},
	{243.0, 0.345, 5486.778},      {206.0, 4.806, 2544.314},
	{205.0, 1.869, 5573.143},      {202.0, 2.458, 6069.777},
	{156.0, 0.833, 213.299},       {132.0, 3.411, 2942.463},
	{126.0, 1.083, 20.775},        {115.0, 0.645, 0.98},
	{103.0, 0.636, 4694.003},      {102.0, 0.976, 15720.839},
	{102.0, 4.267, 7.114},         {99.0, 6.21, 2146.17},
	{98.0, 0.68, 155.42},          {86.0, 5.98, 161000.69},
	{85.0, 1.3, 6275.96},          {85.0, 3.67, 71430.7},
	{80.0, 1.81, 17260.15},        {79.0, 3.04, 12036.46},
	{75.0, 1.76, 5088.63},         {74.0, 3.5, 3154.69},
	{74.0, 4.68, 801.82},          {70.0, 0.83, 9437.76},
	{62.0, 3.98, 8827.39},         {61.0, 1.82, 7084.9},
	{57.0, 2.78, 6286.6},          {56.0, 4.39, 14143.5},
	{56.0, 3.47, 6279.55},         {52.0, 0.19, 12139.55},
	{52.0, 1.33, 1748.02},         {51.0, 0.28, 5856.48},
	{49.0, 0.49, 1194.45},         {41.0, 5.37, 8429.24},
	{41.0, 2.4, 19651.05},         {39.0, 6.17, 10447.39},
	{37.0, 6.04, 10213.29},        {37.0, 2.57, 1059.38},
	{36.0, 1.71, 2352.87},         {36.0, 1.78, 6812.77},
	{33.0, 0.59, 17789.85},        {30.0, 0.44, 83996.85},
	{30.0, 2.74, 1349.87},         {25.0, 3.16, 4690.48},
};

static const TgLunarVsopTerm tg_lunar_l1[] = {
	{628331966747.0, 0.0, 0.0},   {206059.0, 2.678235, 6283.07585},
	{4303.0, 2.6351, 12566.1517}, {425.0, 1.59, 3.523},
	{119.0, 5.796, 26.298},       {109.0, 2.966, 1577.344},
	{93.0, 2.59, 18849.23},       {72.0, 1.14, 529.69},
	{68.0, 1.87, 398.15},         {67.0, 4.41, 5507.55},
	{59.0, 2.89, 5223.69},        {56.0, 2.17, 155.42},
	{45.0, 0.4, 796.3},           {36.0, 0.47, 775.52},
	{29.0, 2.65, 7.11},           {21.0, 5.34, 0.98},
	{19.0, 1.85, 5486.78},        {19.0, 4.97, 213.3},
	{17.0, 2.99, 6275.96},        {16.0, 0.03, 2544.31},
	{16.0, 1.43, 2146.17},        {15.0, 1.21, 10977.08},
	{12.0, 2.83, 1748.02},        {12.0, 3.26, 5088.63},
	{12.0, 5.27, 1194.45},        {12.0, 2.08, 4694.0},
	{11.0, 0.77, 553.57},         {10.0, 1.3, 6286.6},
	{10.0, 4.24, 1349.87},        {9.0, 2.7, 242.73},
	{9.0, 5.64, 951.72},          {8.0, 5.3, 2352.87},
	{6.0, 2.65, 9437.76},         {6.0, 4.67, 4690.48},
};

static const TgLunarVsopTerm tg_lunar_l2[] = {
	{52919.0, 0.0, 0.0},    {8720.0, 1.0721, 6283.0758}, {309.0, 0.867, 12566.152},
	{27.0, 0.05, 3.52},     {16.0, 5.19, 26.3},          {16.0, 3.68, 155.42},
	{10.0, 0.76, 18849.23}, {9.0, 2.06, 77713.77},       {7.0, 0.83, 775.52},
	{5.0, 4.66, 1577.34},   {4.0, 1.03, 7.11},           {4.0, 3.44, 5573.14},
	{3.0, 5.14, 796.3},     {3.0, 6.05, 5507.55},        {3.0, 1.19, 242.73},
	{3.0, 6.12, 529.69},    {3.0, 0.31, 398.15},         {3.0, 2.28, 553.57},
	{2.0, 4.38, 5223.69},   {2.0, 3.75, 0.98},
};

static const TgLunarVsopTerm tg_lunar_l3[] = {
	{289.0, 5.844, 6283.076}, {35.0, 0.0, 0.0},     {17.0, 5.49, 12566.15}, {3.0, 5.2, 155.42},
	{1.0, 4.72, 3.52},        {1.0, 5.3, 18849.23}, {1.0, 5.97, 242.73},
};

static const TgLunarVsopTerm tg_lunar_l4[] = {
	{114.0, 3.142, 0.0},
	{8.0, 4.13, 6283.08},
	{1.0, 3.84, 12566.15},
};

static const TgLunarVsopTerm tg_lunar_l5[] = {
	{1.0, 3.14, 0.0},
};

static const TgLunarVsopTerm tg_lunar_r0[] = {
	{100013989.0, 0.0, 0.0},        {1670700.0, 3.0984635, 6283.07585},
	{13956.0, 3.05525, 12566.1517}, {3084.0, 5.1985, 77713.7715},
	{1628.0, 1.1739, 5753.3849},    {1576.0, 2.8469, 7860.4194},
	{925.0, 5.453, 11506.77},       {542.0, 4.564, 3930.21},
	{472.0, 3.661, 5884.927},       {346.0, 0.964, 5507.553},
	{329.0, 5.9, 5223.694},         {307.0, 0.299, 5573.143},
	{243.0, 4.273, 11790.629},      {212.0, 5.847, 1577.344},
	{186.0, 5.022, 10977.079},      {175.0, 3.012, 18849.228},
	{110.0, 5.055, 5486.778},       {98.0, 0.89, 6069.78},
	{86.0, 5.69, 15720.84},         {86.0, 1.27, 161000.69},
	{65.0, 0.27, 17260.15},         {63.0, 0.92, 529.69},
	{57.0, 2.01, 83996.85},         {56.0, 5.24, 71430.7},
	{49.0, 3.25, 2544.31},          {47.0, 2.58, 775.52},
	{45.0, 5.54, 9437.76},          {43.0, 6.01, 6275.96},
	{39.0, 5.36, 4694.0},           {38.0, 2.39, 8827.39},
	{37.0, 0.83, 19651.05},         {37.0, 4.9, 12139.55},
	{36.0, 1.67, 12036.46},         {35.0, 1.84, 2942.46},
	{33.0, 0.24, 7084.9},           {32.0, 0.18, 5088.63},
	{32.0, 1.78, 398.15},           {28.0, 1.21, 6286.6},
	{28.0, 1.9, 6279.55},           {26.0, 4.59, 10447.39},
};

static const TgLunarVsopTerm tg_lunar_r1[] = {
	{103019.0, 1.10749, 6283.07585},
	{1721.0, 1.0644, 12566.1517},
	{702.0, 3.142, 0.0},
	{32.0, 1.02, 18849.23},
	{31.0, 2.84, 5507.55},
	{25.0, 1.32, 5223.69},
	{18.0, 1.42, 1577.34},
	{10.0, 5.91, 10977.08},
	{9.0, 1.42, 6275.96},
	{9.0, 0.27, 5486.78},
};

static const TgLunarVsopTerm tg_lunar_r2[] = {
	{4359.0, 5.7846, 6283.0758}, {124.0, 5.579, 12566.152}, {12.0, 3.14, 0.0},
	{9.0, 3.63, 77713.77},       {6.0, 1.87, 5573.14},      {3.0, 5.47, 18849.23},
};

static const TgLunarVsopTerm tg_lunar_r3[] = {
	{145.0, 4.273, 6283.076},
	{7.0, 3.92, 12566.15},
};

static const TgLunarVsopTerm tg_lunar_r4[] = {
	{4.0, 2.56, 6283.08},
};

typedef struct {
	const TgLunarVsopTerm *terms;
	guint n_terms;
} TgLunarVsopSeries;

#define TG_LUNAR_SERIES(t)                                                                         \
	{                                                                                          \
		t, G_N_ELEMENTS (t)                                                                \
	}

static const TgLunarVsopSeries tg_lunar_l[] = {
	TG_LUNAR_SERIES (tg_lunar_l0), TG_LUNAR_SERIES (tg_lunar_l1), TG_LUNAR_SERIES (tg_lunar_l2),
	TG_LUNAR_SERIES (tg_lunar_l3), TG_LUNAR_SERIES (tg_lunar_l4), TG_LUNAR_SERIES (tg_lunar_l5),
};

static const TgLunarVsopSeries tg_lunar_r[] = {
	TG_LUNAR_SERIES (tg_lunar_r0), TG_LUNAR_SERIES (tg_lunar_r1), TG_LUNAR_SERIES (tg_lunar_r2),
	TG_LUNAR_SERIES (tg_lunar_r3), TG_LUNAR_SERIES (tg_lunar_r4),
};

/* Σ_i τ^i Σ a cos (b + c τ), × 1e-8 */
static gdouble
tg_lunar_vsop (const TgLunarVsopSeries *series, guint n_series, gdouble tau)
{
	gdouble sum = 0.0;
	gdouble power = 1.0;

	for (guint i = 0; i < n_series; i++) {
		gdouble part = 0.0;
		for (guint j = 0; j < series[i].n_terms; j++) {
			const TgLunarVsopTerm *term = &series[i].terms[j];
			gdouble s, c;
			tg_lunar_sincos (term->b + term->c * tau, &s, &c);
			part += term->a * c;
		}
		sum += part * power;
		power *= tau;
	}
	return sum * 1e-8;
}

/* the Sun's apparent geocentric longitude in degrees [0, 360) at the Julian Ephemeris Day
 * @jde */
static gdouble
tg_lunar_sun_longitude (gdouble jde)
{
	gdouble tau = (jde - TG_LUNAR_J2000) / 365250.0;
	gdouble t = tau * 10.0;
	gdouble l = tg_lunar_vsop (tg_lunar_l, G_N_ELEMENTS (tg_lunar_l), tau) / TG_LUNAR_RAD;
	gdouble r = tg_lunar_vsop (tg_lunar_r, G_N_ELEMENTS (tg_lunar_r), tau);
	gdouble omega = 125.04452 - 1934.136261 * t;
	gdouble l_sun = 280.4665 + 36000.7698 * t;
	gdouble l_moon = 218.3165 + 481267.8813 * t;
	/* arc seconds: the nutation in longitude, the FK5 correction, the aberration */
	gdouble nutation =
		-17.20 * tg_lunar_sin_deg (omega) - 1.32 * tg_lunar_sin_deg (2.0 * l_sun) -
		0.23 * tg_lunar_sin_deg (2.0 * l_moon) + 0.21 * tg_lunar_sin_deg (2.0 * omega);
	gdouble seconds = nutation - 0.09033 - 20.4898 / r;

	return tg_lunar_norm_deg (l + 180.0 + seconds / 3600.0);
}

/* the Sun's apparent longitude at the local midnight that begins the day @jdn */
static gdouble
tg_lunar_sun_longitude_at_day (gint32 jdn)
{
	gdouble jd_ut = (gdouble) jdn - 0.5 - tg_lunar_tz_hours (jdn) / 24.0;
	return tg_lunar_sun_longitude (jd_ut + tg_lunar_delta_t_days (jd_ut));
}

/* ---- the table of months ---- */

typedef struct {
	gint32 jdn;  /* the month's first day */
	gint16 year; /* lunar year */
	gint8 month; /* 1..12 */
	gint8 leap;  /* the leap month, repeating @month */
} TgLunarMonth;

typedef struct {
	TgLunarMonth *months; /* n_months numbered months, then one more: its jdn ends them */
	guint n_months;
	/* the index of month 1 of each lunar year TG_LUNAR_INDEX_FIRST..TG_LUNAR_INDEX_LAST,
	 * G_MAXUINT when the table lacks it */
	guint first_month[TG_LUNAR_INDEX_LAST - TG_LUNAR_INDEX_FIRST + 1];
} TgLunarTable;

static gint
tg_lunar_jdn_year (gint32 jdn)
{
	GDate date;

	g_date_clear (&date, 1);
	g_date_set_julian (&date, (guint32) (jdn - TG_LUNAR_JDN_OFFSET));
	return g_date_get_year (&date);
}

static gint
tg_lunar_sector (gdouble longitude)
{
	return (gint) (longitude / 30.0);
}

/* numbers the months starts[a..b-1], from a month 11 (@a) up to the next one (@b) */
static void
tg_lunar_table_number_period (TgLunarTable *table, const gint32 *starts, const gdouble *longitudes,
			      guint offset, guint a, guint b)
{
	guint leap = 0;
	gint year = tg_lunar_jdn_year (starts[a]);
	gint month = 11;

	/* between two solstices lie 13 new moons about once in three years: then the first
	 * month without a principal term is the leap month */
	if (b - a == 13) {
		for (guint j = a + 1; j < b && leap == 0; j++) {
			if (tg_lunar_sector (longitudes[j]) == tg_lunar_sector (longitudes[j + 1]))
				leap = j;
		}
	}
	for (guint j = a; j < b; j++) {
		TgLunarMonth *m = &table->months[j - offset];
		gboolean is_leap = j == leap;

		if (j > a && !is_leap) {
			month = month % 12 + 1;
			if (month == 1)
				year++;
		}
		m->jdn = starts[j];
		m->year = (gint16) year;
		m->month = (gint8) month;
		m->leap = is_leap;
		if (month == 1 && !is_leap && year >= TG_LUNAR_INDEX_FIRST &&
		    year <= TG_LUNAR_INDEX_LAST)
			table->first_month[year - TG_LUNAR_INDEX_FIRST] = j - offset;
	}
}

static TgLunarTable *
tg_lunar_table_new (void)
{
	guint n = TG_LUNAR_K_LAST - TG_LUNAR_K_FIRST + 1;
	g_autofree gint32 *starts = g_new (gint32, n);
	g_autofree gdouble *longitudes = g_new (gdouble, n);
	g_autoptr (GArray) elevens = g_array_new (FALSE, FALSE, sizeof (guint));
	TgLunarTable *table = g_new0 (TgLunarTable, 1);
	guint first, last;

	for (guint i = 0; i < G_N_ELEMENTS (table->first_month); i++)
		table->first_month[i] = G_MAXUINT;
	for (guint i = 0; i < n; i++) {
		starts[i] = tg_lunar_new_moon_day (TG_LUNAR_K_FIRST + (gint) i);
		longitudes[i] = tg_lunar_sun_longitude_at_day (starts[i]);
	}
	/* the months that hold the winter solstice */
	for (guint i = 0; i + 1 < n; i++) {
		if (longitudes[i] > 180.0 && longitudes[i] < 270.0 && longitudes[i + 1] >= 270.0)
			g_array_append_val (elevens, i);
	}
	g_assert (elevens->len >= 2);
	first = g_array_index (elevens, guint, 0);
	last = g_array_index (elevens, guint, elevens->len - 1);
	table->n_months = last - first;
	table->months = g_new0 (TgLunarMonth, table->n_months + 1);
	for (guint i = 0; i + 1 < elevens->len; i++) {
		guint a = g_array_index (elevens, guint, i);
		guint b = g_array_index (elevens, guint, i + 1);
		g_assert (b - a == 12 || b - a == 13);
		tg_lunar_table_number_period (table, starts, longitudes, first, a, b);
	}
	table->months[table->n_months].jdn = starts[last];
	return table;
}

static const TgLunarTable *
tg_lunar_table_get (void)
{
	static gsize once = 0;
	static TgLunarTable *table = NULL;

	if (g_once_init_enter (&once)) {
		table = tg_lunar_table_new ();
		g_once_init_leave (&once, 1);
	}
	return table;
}

/* ---- the API ---- */

/* the Julian Day Numbers of 1900-01-01 and 2100-12-31 */
#define TG_LUNAR_JDN_FIRST 2415021
#define TG_LUNAR_JDN_LAST 2488434

static gboolean
tg_lunar_jdn_in_range (gint32 jdn)
{
	return jdn >= TG_LUNAR_JDN_FIRST && jdn <= TG_LUNAR_JDN_LAST;
}

gboolean
tg_lunar_from_solar (const GDate *solar, TgLunarDate *lunar)
{
	const TgLunarTable *table;
	gint32 jdn;
	guint lo = 0;
	guint hi;

	g_return_val_if_fail (solar != NULL && g_date_valid (solar), FALSE);
	g_return_val_if_fail (lunar != NULL, FALSE);

	jdn = (gint32) g_date_get_julian (solar) + TG_LUNAR_JDN_OFFSET;
	if (!tg_lunar_jdn_in_range (jdn))
		return FALSE;
	table = tg_lunar_table_get ();
	/* the last month that begins on or before @jdn: months[lo].jdn <= jdn < months[hi].jdn */
	hi = table->n_months;
	while (hi - lo > 1) {
		guint mid = lo + (hi - lo) / 2;
		if (table->months[mid].jdn <= jdn)
			lo = mid;
		else
			hi = mid;
	}
	lunar->day = jdn - table->months[lo].jdn + 1;
	lunar->month = table->months[lo].month;
	lunar->year = table->months[lo].year;
	lunar->leap = table->months[lo].leap;
	return TRUE;
}

gboolean
tg_lunar_to_solar (const TgLunarDate *lunar, GDate *solar)
{
	const TgLunarTable *table;
	guint first;

	g_return_val_if_fail (lunar != NULL, FALSE);
	g_return_val_if_fail (solar != NULL, FALSE);

	if (lunar->year < TG_LUNAR_INDEX_FIRST || lunar->year > TG_LUNAR_INDEX_LAST ||
	    lunar->month < 1 || lunar->month > 12 || lunar->day < 1 || lunar->day > 30)
		return FALSE;
	table = tg_lunar_table_get ();
	first = table->first_month[lunar->year - TG_LUNAR_INDEX_FIRST];
	if (first == G_MAXUINT)
		return FALSE;
	/* a year has at most 13 months */
	for (guint i = first; i < first + 13 && i < table->n_months; i++) {
		const TgLunarMonth *m = &table->months[i];
		gint32 jdn;

		if (m->year != lunar->year)
			break;
		if (m->month != lunar->month || (m->leap != 0) != (lunar->leap != FALSE))
			continue;
		jdn = m->jdn + lunar->day - 1;
		if (jdn >= table->months[i + 1].jdn || !tg_lunar_jdn_in_range (jdn))
			return FALSE;
		g_date_clear (solar, 1);
		g_date_set_julian (solar, (guint32) (jdn - TG_LUNAR_JDN_OFFSET));
		return TRUE;
	}
	return FALSE;
}

gboolean
tg_lunar_get_tet (gint year, GDate *solar)
{
	TgLunarDate tet = {1, 1, year, FALSE};

	g_return_val_if_fail (solar != NULL, FALSE);
	return tg_lunar_to_solar (&tet, solar);
}

/* the heavenly stems and earthly branches as Vietnamese names them; proper names, not
 * translated */
static const gchar *const tg_lunar_can[] = {
	"Giáp", "Ất", "Bính", "Đinh", "Mậu", "Kỷ", "Canh", "Tân", "Nhâm", "Quý",
};

static const gchar *const tg_lunar_chi[] = {
	"Tý", "Sửu", "Dần", "Mão", "Thìn", "Tỵ", "Ngọ", "Mùi", "Thân", "Dậu", "Tuất", "Hợi",
};

gchar *
tg_lunar_can_chi_year (gint lunar_year)
{
	/* 1984 was Giáp Tý, the first of the sixty */
	gint64 n = ((gint64) lunar_year - 1984) % 60;

	if (n < 0)
		n += 60;
	return g_strdup_printf ("%s %s", tg_lunar_can[n % 10], tg_lunar_chi[n % 12]);
}
