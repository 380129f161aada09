/**
 * The EventBridge detail-types of Security Hub's finding events. The rules' patterns, the
 * remediation functions' event checks and the tools name them from here.
 */

/** Detail-type of findings Security Hub imports or updates (sent for every new or changed finding). */
export const FINDINGS_IMPORTED = 'Security Hub Findings - Imported';
/** Detail-type of findings a user sent to a custom action from the console. */
export const FINDINGS_CUSTOM_ACTION = 'Security Hub Findings - Custom Action';
