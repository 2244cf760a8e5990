/*
 * pump_rate.h - rate programming, delivery and drug library limits.
 *
 * Rates are handled as integers in tenths of a mL/h (dmL/h) so that the
 * 0.1 mL/h resolution is exact: 1 = 0.1 mL/h, 9990 = 999 mL/h.
 */
#ifndef PUMP_RATE_H
#define PUMP_RATE_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#define RATE_MIN_DML_H      1u      /* 0.1 mL/h */
#define RATE_MAX_DML_H      9990u   /* 999 mL/h */
#define RATE_COARSE_DML_H   1000u   /* from 100 mL/h the step is 1 mL/h */
#define KVO_MAX_DML_H       10u     /* 1 mL/h */

typedef enum {
    RATE_OK = 0,
    RATE_OUT_OF_RANGE,
    RATE_BAD_RESOLUTION
} rate_check_t;

typedef enum {
    LIMIT_OK = 0,
    LIMIT_SOFT,     /* start only after a confirmed override */
    LIMIT_HARD      /* never startable */
} limit_check_t;

typedef struct {
    const char *drug;          /* e.g. "Heparin" */
    const char *concentration; /* e.g. "100 units/mL" */
    uint32_t soft_min_dml_h;   /* 0 = no soft minimum */
    uint32_t soft_max_dml_h;
    uint32_t hard_max_dml_h;
} druglib_entry_t;

typedef struct {
    uint32_t rate_dml_h;          /* rate being delivered */
    uint32_t pending_rate_dml_h;  /* titration awaiting confirmation, 0 = none */
    uint32_t vtbi_ul;             /* volume to be infused, microlitres */
    uint32_t delivered_ul;
    bool     kvo;                 /* true after VTBI reached */
    const druglib_entry_t *entry; /* NULL for a basic infusion */
} infusion_t;

rate_check_t  pump_rate_validate(uint32_t rate_dml_h);
uint32_t      pump_rate_step_period_us(uint32_t rate_dml_h,
                                       uint32_t stroke_nl_per_step,
                                       int32_t wear_ppm);
limit_check_t druglib_check(const druglib_entry_t *entry, uint32_t rate_dml_h);
void          pump_account_delivery(infusion_t *inf, uint32_t delta_ul);
bool          pump_titrate_request(infusion_t *inf, uint32_t new_rate_dml_h,
                                   bool soft_override_confirmed);
void          pump_titrate_confirm(infusion_t *inf);

#endif /* PUMP_RATE_H */
