/*
 * occlusion.h - downstream occlusion detection and pressure relief.
 */
#ifndef OCCLUSION_H
#define OCCLUSION_H

#include <stdbool.h>
#include <stdint.h>

typedef enum {
    OCCL_SENS_LOW = 0,
    OCCL_SENS_MEDIUM,
    OCCL_SENS_HIGH
} occl_sensitivity_t;

#define OCCL_SLOPE_WINDOW 64u   /* samples, 50 ms apart = 3.2 s */

typedef struct {
    occl_sensitivity_t sens;
    uint16_t history[OCCL_SLOPE_WINDOW]; /* mmHg */
    uint32_t count;
} occl_state_t;

uint16_t occl_threshold(occl_sensitivity_t sens);
bool     occl_sample(occl_state_t *st, uint16_t pressure_mmhg);
uint32_t occl_relief_steps(uint16_t pressure_mmhg, uint32_t stroke_nl_per_step,
                           uint16_t mmhg_per_ul);

#endif /* OCCLUSION_H */
