/*
 * test_occlusion.c - host unit tests for src/occlusion.c.
 */
#include "../src/occlusion.h"
#include "unit.h"

#include <string.h>

// @verifies REQ-005
UNIT_TEST(test_thresholds)
{
    occl_state_t st;
    memset(&st, 0, sizeof st);

    CHECK(occl_threshold(OCCL_SENS_LOW) == 300u);
    CHECK(occl_threshold(OCCL_SENS_MEDIUM) == 500u);
    CHECK(occl_threshold(OCCL_SENS_HIGH) == 900u);
    CHECK(occl_threshold((occl_sensitivity_t)7) == 500u);

    st.sens = OCCL_SENS_MEDIUM;
    CHECK(!occl_sample(&st, 500u));
    CHECK(occl_sample(&st, 501u));
}

// @verifies REQ-006
UNIT_TEST(test_slope_detection)
{
    occl_state_t st;
    uint32_t i;
    bool alarmed = false;
    memset(&st, 0, sizeof st);
    st.sens = OCCL_SENS_LOW;

    /* slow, steady rise that stays below 300 mmHg */
    for (i = 0u; i < OCCL_SLOPE_WINDOW && !alarmed; i++) {
        alarmed = occl_sample(&st, (uint16_t)(40u + i * 3u));
    }
    CHECK(alarmed);
}

// @verifies REQ-007
UNIT_TEST(test_relief_is_capped)
{
    /* 900 mmHg, 10 uL strokes, 2 mmHg per uL of compliance: 400 uL needed,
       capped at 300 uL = 30 strokes */
    CHECK(occl_relief_steps(900u, 10000u, 2u) == 30u);
    /* 300 mmHg: 100 uL = 10 strokes */
    CHECK(occl_relief_steps(300u, 10000u, 2u) == 10u);
    CHECK(occl_relief_steps(90u, 10000u, 2u) == 0u);
}

int main(void)
{
    RUN(test_thresholds);
    RUN(test_slope_detection);
    RUN(test_relief_is_capped);
    return UNIT_RESULT("test_occlusion");
}
