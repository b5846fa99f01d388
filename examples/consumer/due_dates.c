/* Working-day due dates for a referral, through the C ABI. */
#include <homeward/homeward.h>

#include <stdio.h>

int main(int argc, char** argv) {
  hw_calendar* cal = NULL;
  hw_error err; /* caller-owned: holds this call's status, field and message */
  int32_t referral = 0, due = 0;
  char text[11];
  int rc;
  if (hw_version_number() != HOMEWARD_VERSION_NUMBER) {
    fprintf(stderr, "header %s does not match library %s\n", HOMEWARD_VERSION_STRING, hw_version());
    return 1;
  }
  rc = hw_date_parse(&referral, argc > 1 ? argv[1] : "2025-04-10", &err);
  if (rc != HW_OK) {
    fprintf(stderr, "error: %s\n", err.message);
    return 2;
  }
  if (hw_calendar_new_england_and_wales(&cal, &err) != HW_OK) {
    fprintf(stderr, "error: %s\n", err.message);
    return 2;
  }
  rc = hw_calendar_add_working_days(&due, cal, referral, 10, &err);
  if (rc == HW_OK) rc = hw_date_format(text, sizeof text, due, &err);
  if (rc != HW_OK) {
    fprintf(stderr, "error: %s\n", err.message);
    hw_calendar_free(cal);
    return 2;
  }
  printf("first visit due by %s\n", text);
  hw_calendar_free(cal);
  return 0;
}
