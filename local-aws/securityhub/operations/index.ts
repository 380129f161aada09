import type { Operation } from '../operation';
import { ACTION_TARGET_OPERATIONS } from './action-targets';
import { AGGREGATOR_OPERATIONS } from './aggregators';
import { AUTOMATION_RULE_OPERATIONS } from './automation-rules';
import { CONFIGURATION_POLICY_OPERATIONS } from './configuration-policies';
import { CONTROL_OPERATIONS } from './controls';
import { FINDING_OPERATIONS } from './findings';
import { HUB_OPERATIONS } from './hub';
import { INSIGHT_OPERATIONS } from './insights';
import { MEMBER_OPERATIONS } from './members';
import { ORGANIZATION_OPERATIONS } from './organization';
import { PRODUCT_OPERATIONS } from './products';
import { STANDARDS_OPERATIONS } from './standards';
import { TAG_OPERATIONS } from './tags';

/** Every Security Hub operation the emulator implements. */
export const OPERATIONS: readonly Operation[] = [
  ...HUB_OPERATIONS,
  ...STANDARDS_OPERATIONS,
  ...CONTROL_OPERATIONS,
  ...FINDING_OPERATIONS,
  ...INSIGHT_OPERATIONS,
  ...ACTION_TARGET_OPERATIONS,
  ...AGGREGATOR_OPERATIONS,
  ...AUTOMATION_RULE_OPERATIONS,
  ...MEMBER_OPERATIONS,
  ...ORGANIZATION_OPERATIONS,
  ...CONFIGURATION_POLICY_OPERATIONS,
  ...PRODUCT_OPERATIONS,
  ...TAG_OPERATIONS,
];
