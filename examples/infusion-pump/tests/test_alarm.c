/*
 * test_alarm.c - host unit tests for src/alarm.c.
 */
#include "../src/alarm.h"
#include "unit.h"

// @verifies REQ-016
UNIT_TEST(test_volume_floor)
{
    CHECK(alarm_clamp_volume(30u) == ALARM_VOLUME_MIN_DBA);
    CHECK(alarm_clamp_volume(60u) == 60u);
    CHECK(alarm_clamp_volume(90u) == ALARM_VOLUME_MAX_DBA);
}

// @verifies REQ-017
UNIT_TEST(test_escalation)
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
UNIT_TEST(test_battery_alarms)
{
    CHECK(alarm_battery(31u) == ALARM_NONE);
    CHECK(alarm_battery(30u) == ALARM_MEDIUM);
    CHECK(alarm_battery(5u) == ALARM_HIGH);
}

int main(void)
{
    RUN(test_volume_floor);
    RUN(test_escalation);
    RUN(test_battery_alarms);
    return UNIT_RESULT("test_alarm");
}
