/*
 * occlusion.c - downstream occlusion detection and pressure relief.
 *
 * Software item "Occlusion", IEC-62304 safety class C. Called from the
 * 50 ms pressure task.
 */
#include "occlusion.h"

/* @implements REQ-005 */
static const uint16_t occl_threshold_mmhg[3] = { 300u, 500u, 900u };

uint16_t occl_threshold(occl_sensitivity_t sens)
{
    if ((unsigned)sens > (unsigned)OCCL_SENS_HIGH) {
        sens = OCCL_SENS_MEDIUM; /* corrupted setting: fall back to default */
    }
    return occl_threshold_mmhg[sens];
}

/*
 * Sustained-rise detection: alarm when the pressure rose by more than half the
 * threshold over the window and never fell, so low-rate occlusions are caught
 * before the absolute threshold is reached.
 *
 * @implements REQ-006
 */
static bool occl_slope_check(const occl_state_t *st, uint16_t threshold)
{
    uint32_t i;
    if (st->count < OCCL_SLOPE_WINDOW) {
        return false;
    }
    for (i = 1u; i < OCCL_SLOPE_WINDOW; i++) {
        if (st->history[i] < st->history[i - 1u]) {
            return false;
        }
    }
    return (uint32_t)(st->history[OCCL_SLOPE_WINDOW - 1u] - st->history[0]) >
           (uint32_t)threshold / 2u;
}

/* Returns true when the occlusion alarm must be raised and pumping stopped. */
bool occl_sample(occl_state_t *st, uint16_t pressure_mmhg)
{
    uint16_t threshold = occl_threshold(st->sens);
    uint32_t i;

    for (i = 1u; i < OCCL_SLOPE_WINDOW; i++) {
        st->history[i - 1u] = st->history[i];
    }
    st->history[OCCL_SLOPE_WINDOW - 1u] = pressure_mmhg;
    if (st->count < OCCL_SLOPE_WINDOW) {
        st->count++;
    }

    if (pressure_mmhg > threshold) {
        return true;
    }
    return occl_slope_check(st, threshold);
}

/*
 * Number of reverse steps after an occlusion alarm: enough to bring the line
 * below 100 mmHg, never more than 0.3 mL withdrawn.
 *
 * @implements REQ-007
 */
uint32_t occl_relief_steps(uint16_t pressure_mmhg, uint32_t stroke_nl_per_step,
                           uint16_t mmhg_per_ul)
{
    const uint32_t target_mmhg = 100u;
    const uint32_t max_withdraw_nl = 300000u; /* 0.3 mL */
    uint32_t excess_mmhg;
    uint32_t volume_nl;
    uint32_t steps;

    if (pressure_mmhg <= target_mmhg || stroke_nl_per_step == 0u || mmhg_per_ul == 0u) {
        return 0u;
    }
    excess_mmhg = (uint32_t)pressure_mmhg - target_mmhg;
    volume_nl = (excess_mmhg * 1000u + mmhg_per_ul - 1u) / mmhg_per_ul;
    if (volume_nl > max_withdraw_nl) {
        volume_nl = max_withdraw_nl;
    }
    steps = (volume_nl + stroke_nl_per_step - 1u) / stroke_nl_per_step;
    if (steps * stroke_nl_per_step > max_withdraw_nl) {
        steps = max_withdraw_nl / stroke_nl_per_step; /* never exceed the cap */
    }
    return steps;
}
