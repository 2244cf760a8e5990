/*
 * test_alarm.c - host unit tests for src/alarm.c.
 */
#include "../src/alarm.h"
#include "unit.h"

// @verifies REQ-016
static void test_volume_floor(void)
{
    CHECK(alarm_clamp_volume(30u) == ALARM_VOLUME_MIN_DBA);
    CHECK(alarm_clamp_volume(60u) == 60u);
    CHECK(alarm_clamp_volume(90u) == ALARM_VOLUME_MAX_DBA);
}

// @verifies REQ-017
static void test_escalation(void)
{
    alarm_t a = { ALARM_MEDIUM, 0u, false, 50u };
    alarm_signal_t s;

    a.age_s = 119u;
    s = alarm_signal(&a);
    CHECK(s.priority == ALARM_MEDIUM && s.volume_dba == 50u);

    a.age_s = 120u;
    s = alarm_signal(&a);
    CHECK(s.priority == ALARM_HIGH && s.volume_dba == 50u);

    a.age_s = 180u;
    s = alarm_signal(&a);
    CHECK(s.priority == ALARM_HIGH && s.volume_dba == ALARM_VOLUME_MAX_DBA);

    a.configured = ALARM_HIGH;
    a.age_s = 60u;
    s = alarm_signal(&a);
    CHECK(s.volume_dba == ALARM_VOLUME_MAX_DBA);

    a.acknowledged = true;
    s = alarm_signal(&a);
    CHECK(s.priority == ALARM_NONE);
}

// @verifies REQ-014
static void test_battery_alarms(void)
{
    CHECK(alarm_battery(31u) == ALARM_NONE);
    CHECK(alarm_battery(30u) == ALARM_MEDIUM);
    CHECK(alarm_battery(5u) == ALARM_HIGH);
}

int main(void)
{
    test_volume_floor();
    test_escalation();
    test_battery_alarms();
    return UNIT_RESULT("test_alarm");
}
