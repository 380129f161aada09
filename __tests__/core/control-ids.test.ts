import { readFileSync } from 'node:fs';
import * as path from 'node:path';
import { compareControlIds } from '../../core/control-ids';

describe('compareControlIds', () => {
  test('orders by service, then by control number: S3.2 before S3.10, EC2.9 before EC2.100', () => {
    expect(['S3.10', 'EC2.100', 'S3.2', 'EC2.9', 'ACM.1'].sort(compareControlIds)).toEqual([
      'ACM.1',
      'EC2.9',
      'EC2.100',
      'S3.2',
      'S3.10',
    ]);
  });

  test('a service AWS spells two ways is listed as one, by number (AutoScaling.3, Autoscaling.5, AutoScaling.6)', () => {
    expect(['AutoScaling.6', 'Autoscaling.5', 'AutoScaling.3', 'Account.1'].sort(compareControlIds)).toEqual([
      'Account.1',
      'AutoScaling.3',
      'Autoscaling.5',
      'AutoScaling.6',
    ]);
  });

  test('a service whose name starts another one comes first (ELB before ELBv2), and equal ids compare equal', () => {
    expect(['ELBv2.1', 'ELB.2', 'ELB.10'].sort(compareControlIds)).toEqual(['ELB.2', 'ELB.10', 'ELBv2.1']);
    expect(compareControlIds('IAM.4', 'IAM.4')).toBe(0);
  });

  test('the committed catalogue lists its controls in this order', () => {
    const file = JSON.parse(
      readFileSync(path.join(__dirname, '..', '..', 'domain', 'catalogue', 'controls.json'), 'utf8'),
    ) as { controls: { securityControlId: string }[] };
    const ids = file.controls.map((c) => c.securityControlId);
    expect(ids.length).toBeGreaterThan(400);
    expect([...ids].sort(compareControlIds)).toEqual(ids);
  });
});
