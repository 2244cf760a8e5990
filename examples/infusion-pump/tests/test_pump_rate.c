/*
 * test_pump_rate.c - host unit tests for src/pump_rate.c.
 */
#include "../src/pump_rate.h"
#include "unit.h"

// @verifies REQ-001
UNIT_TEST(test_rate_range_and_resolution)
{
    CHECK(pump_rate_validate(1u) == RATE_OK);       /* 0.1 mL/h */
    CHECK(pump_rate_validate(999u) == RATE_OK);     /* 99.9 mL/h */
    CHECK(pump_rate_validate(1000u) == RATE_OK);    /* 100 mL/h */
    CHECK(pump_rate_validate(9990u) == RATE_OK);    /* 999 mL/h */
    CHECK(pump_rate_validate(0u) == RATE_OUT_OF_RANGE);
    CHECK(pump_rate_validate(10000u) == RATE_OUT_OF_RANGE);
    CHECK(pump_rate_validate(1005u) == RATE_BAD_RESOLUTION); /* 100.5 mL/h */
}

// @verifies REQ-002
UNIT_TEST(test_step_period_with_wear)
{
    /* 25 mL/h with 10 uL strokes: one stroke every 1.44 s */
    CHECK(pump_rate_step_period_us(250u, 10000u, 0) == 1440000u);
    /* an aged set with 2 % smaller strokes must step 2 % faster */
    CHECK(pump_rate_step_period_us(250u, 10000u, -20000) == 1411200u);
    CHECK(pump_rate_step_period_us(0u, 10000u, 0) == 0u);
}

// @verifies REQ-003
UNIT_TEST(test_vtbi_then_kvo)
{
    infusion_t inf = { 1000u, 0u, 10000u, 0u, false, NULL };
    pump_account_delivery(&inf, 9999u);
    CHECK(!inf.kvo && inf.rate_dml_h == 1000u);
    pump_account_delivery(&inf, 1u);
    CHECK(inf.kvo && inf.rate_dml_h == KVO_MAX_DML_H);

    inf.rate_dml_h = 5u; /* 0.5 mL/h keeps its own rate as KVO */
    inf.kvo = false;
    inf.delivered_ul = 0u;
    pump_account_delivery(&inf, 10000u);
    CHECK(inf.kvo && inf.rate_dml_h == 5u);
}

static const druglib_entry_t heparin = {
    "Heparin", "100 units/mL", 0u, 250u, 400u
};

// @verifies REQ-010, REQ-011
UNIT_TEST(test_drug_library_limits)
{
    CHECK(druglib_check(&heparin, 200u) == LIMIT_OK);
    CHECK(druglib_check(&heparin, 300u) == LIMIT_SOFT);
    CHECK(druglib_check(&heparin, 400u) == LIMIT_SOFT);
    CHECK(druglib_check(&heparin, 401u) == LIMIT_HARD);
    CHECK(druglib_check(NULL, 9990u) == LIMIT_OK);
}

// @verifies REQ-020
UNIT_TEST(test_titration_keeps_old_rate_until_confirmed)
{
    infusion_t inf = { 200u, 0u, 0u, 0u, false, &heparin };

    CHECK(pump_titrate_request(&inf, 220u, false));
    CHECK(inf.rate_dml_h == 200u);            /* still the old rate */
    pump_titrate_confirm(&inf);
    CHECK(inf.rate_dml_h == 220u);

    CHECK(!pump_titrate_request(&inf, 300u, false)); /* soft limit, no override */
    CHECK(pump_titrate_request(&inf, 300u, true));
    CHECK(!pump_titrate_request(&inf, 401u, true));  /* hard limit */
}

int main(void)
{
    RUN(test_rate_range_and_resolution);
    RUN(test_step_period_with_wear);
    RUN(test_vtbi_then_kvo);
    RUN(test_drug_library_limits);
    RUN(test_titration_keeps_old_rate_until_confirmed);
    return UNIT_RESULT("test_pump_rate");
}
