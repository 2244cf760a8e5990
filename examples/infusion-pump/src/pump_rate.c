/*
 * pump_rate.c - rate programming, delivery and drug library limits.
 *
 * Software item "Rate control", IEC-62304 safety class C.
 */
#include "pump_rate.h"

/* @implements REQ-001 */
rate_check_t pump_rate_validate(uint32_t rate_dml_h)
{
    if (rate_dml_h < RATE_MIN_DML_H || rate_dml_h > RATE_MAX_DML_H) {
        return RATE_OUT_OF_RANGE;
    }
    if (rate_dml_h >= RATE_COARSE_DML_H && (rate_dml_h % 10u) != 0u) {
        return RATE_BAD_RESOLUTION; /* 100.5 mL/h is almost always a slip */
    }
    return RATE_OK;
}

/*
 * Period between motor steps for a rate, corrected for tubing wear.
 * wear_ppm is the stroke-volume change of the aged set (negative = smaller
 * strokes), from the 72-hour characterisation.
 *
 * @implements REQ-002
 */
uint32_t pump_rate_step_period_us(uint32_t rate_dml_h,
                                  uint32_t stroke_nl_per_step,
                                  int32_t wear_ppm)
{
    /* effective stroke in picolitres to keep precision */
    int64_t stroke_pl = (int64_t)stroke_nl_per_step * 1000;
    stroke_pl += (stroke_pl * wear_ppm) / 1000000;
    if (rate_dml_h == 0u || stroke_pl <= 0) {
        return 0u; /* stopped */
    }
    /* rate in pL/us: dmL/h * 1e8 pL/dmL / 3.6e9 us/h */
    /* period_us = stroke_pl / (rate_dml_h * 1e8 / 3.6e9) */
    return (uint32_t)((stroke_pl * 36) / (int64_t)rate_dml_h);
}

/* @implements REQ-010, REQ-011 */
limit_check_t druglib_check(const druglib_entry_t *entry, uint32_t rate_dml_h)
{
    if (entry == NULL) {
        return LIMIT_OK; /* basic infusion: only the range of REQ-001 applies */
    }
    if (rate_dml_h > entry->hard_max_dml_h) {
        return LIMIT_HARD;
    }
    if (rate_dml_h > entry->soft_max_dml_h ||
        (entry->soft_min_dml_h != 0u && rate_dml_h < entry->soft_min_dml_h)) {
        return LIMIT_SOFT;
    }
    return LIMIT_OK;
}

/* @implements REQ-003 */
void pump_account_delivery(infusion_t *inf, uint32_t delta_ul)
{
    inf->delivered_ul += delta_ul;
    if (!inf->kvo && inf->vtbi_ul != 0u && inf->delivered_ul >= inf->vtbi_ul) {
        inf->kvo = true;
        if (inf->rate_dml_h > KVO_MAX_DML_H) {
            inf->rate_dml_h = KVO_MAX_DML_H;
        }
        /* the "Infusion complete" alarm is raised by the caller (alarm.c) */
    }
}

/*
 * Titration: the old rate keeps running until the new one is confirmed.
 * Returns false when the new rate may not be started at all.
 *
 * @implements REQ-020
 */
bool pump_titrate_request(infusion_t *inf, uint32_t new_rate_dml_h,
                          bool soft_override_confirmed)
{
    if (pump_rate_validate(new_rate_dml_h) != RATE_OK) {
        return false;
    }
    switch (druglib_check(inf->entry, new_rate_dml_h)) {
    case LIMIT_HARD:
        return false;
    case LIMIT_SOFT:
        if (!soft_override_confirmed) {
            return false;
        }
        break;
    case LIMIT_OK:
    default:
        break;
    }
    inf->pending_rate_dml_h = new_rate_dml_h;
    return true;
}

void pump_titrate_confirm(infusion_t *inf)
{
    if (inf->pending_rate_dml_h != 0u) {
        inf->rate_dml_h = inf->pending_rate_dml_h;
        inf->pending_rate_dml_h = 0u;
    }
}
