import { DEFAULT_CONFIG_FILE, loadOrganizationConfig } from '../../config/load';
import { tierPolicySettings } from '../../config/policy-settings';
import { SecurityStandard } from '../../domain/security-standard';

/* A tier's standards, control ids and parameters reach the constructs in their own types, checked. */

const config = loadOrganizationConfig(DEFAULT_CONFIG_FILE);
const tier = config.tiers.find((t) => t.disabledControls.length > 0 && Object.keys(t.controlParameters).length > 0)!;

test('GIVEN a loaded tier THEN its standards are SecurityStandards and its ids and values pass on unchanged', () => {
  const settings = tierPolicySettings(tier);
  expect(settings.standards.map((s) => s.standardsId)).toEqual(tier.standards);
  expect(settings.standards.every((s) => s instanceof SecurityStandard)).toBe(true);
  expect(settings.disabledControls).toEqual(tier.disabledControls);
  expect(settings.controlParameters).toEqual(tier.controlParameters);
});

test('GIVEN values that skipped the loader THEN each is refused, naming the tier, the field and the value', () => {
  expect(() => tierPolicySettings({ ...tier, standards: ['standards/nist/v/9'] }))
    .toThrow(`tiers["${tier.name}"].standards: "standards/nist/v/9" did not pass the config checks`);
  expect(() => tierPolicySettings({ ...tier, disabledControls: [{ securityControlId: 'S3.99', reason: 'not used in this tier' }] }))
    .toThrow(`tiers["${tier.name}"].disabledControls: "S3.99" did not pass the config checks`);
  expect(() => tierPolicySettings({ ...tier, controlParameters: { 'IAM.7': { MinLength: 3 } } }))
    .toThrow(`tiers["${tier.name}"].controlParameters: {"IAM.7":{"MinLength":3}} did not pass the config checks`);
});

test('GIVEN a control newer than the catalogue, marked notInCatalogue THEN it passes unchecked', () => {
  const settings = tierPolicySettings({ ...tier, disabledControls: [{ securityControlId: 'S3.99', reason: 'added after the catalogue', notInCatalogue: true }] });
  expect(settings.disabledControls).toEqual([{ securityControlId: 'S3.99', reason: 'added after the catalogue', notInCatalogue: true }]);
});
