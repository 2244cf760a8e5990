/*
 * alarm.h - alarm priorities, escalation and battery alarms.
 */
#ifndef ALARM_H
#define ALARM_H

#include <stdbool.h>
#include <stdint.h>

typedef enum {
    ALARM_NONE = 0,
    ALARM_MEDIUM,
    ALARM_HIGH
} alarm_priority_t;

#define ALARM_VOLUME_MIN_DBA      45u
#define ALARM_VOLUME_MAX_DBA      70u
#define ALARM_ESCALATE_MEDIUM_S   120u  /* 2 minutes */
#define ALARM_ESCALATE_VOLUME_S   60u   /* further 1 minute */

typedef struct {
    alarm_priority_t configured;  /* priority of the alarm condition */
    uint32_t         age_s;       /* time since raised, unacknowledged */
    bool             acknowledged;
    uint8_t          user_volume_dba;
} alarm_t;

typedef struct {
    alarm_priority_t priority;
    uint8_t          volume_dba;
} alarm_signal_t;

uint8_t          alarm_clamp_volume(uint8_t requested_dba);
alarm_signal_t   alarm_signal(const alarm_t *a);
alarm_priority_t alarm_battery(uint32_t remaining_min);

#endif /* ALARM_H */
