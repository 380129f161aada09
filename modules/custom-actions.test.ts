import { SecurityhubActionTarget } from './framework';
import { CustomActions } from './custom-actions';
import { ValidationError } from './validation-error';
import { synth, withHub } from '../__tests__/support/synth-constructs';

describe('CustomActions', () => {
  test('creates one action target per action', () => {
    const { json } = synth(
      (s) =>
        new CustomActions(s, 'a', {
          actions: [{ id: 'IsolateInstance', name: 'Isolate instance', description: 'Isolate' }],
          hub: withHub(s),
        }),
    );
    expect(json).toHaveResourceWithProperties(SecurityhubActionTarget, {
      identifier: 'IsolateInstance',
      name: 'Isolate instance',
    });
  });

  test('refuses ids Security Hub would reject and duplicates', () => {
    expect(() =>
      synth(
        (s) =>
          new CustomActions(s, 'a', {
            actions: [{ id: 'Isolate-Instance', name: 'x', description: 'x' }],
            hub: withHub(s),
          }),
      ),
    ).toThrow(/must be 1-20 letters or digits/);
    const twice = { id: 'A', name: 'x', description: 'x' };
    expect(() => synth((s) => new CustomActions(s, 'a', { actions: [twice, twice], hub: withHub(s) }))).toThrow(
      /"A" is used twice/,
    );
  });

  test('a refusal is a ValidationError whose message starts with the construct and its path', () => {
    let error: unknown;
    try {
      synth(
        (s) =>
          new CustomActions(s, 'a', {
            actions: [{ id: 'Isolate-Instance', name: 'x', description: 'x' }],
            hub: withHub(s),
          }),
      );
    } catch (e) {
      error = e;
    }
    expect(error).toBeInstanceOf(ValidationError);
    const { constructPath, message } = error as ValidationError;
    expect(constructPath).toMatch(/\/a$/);
    expect(message).toBe(`CustomActions ${constructPath}: id "Isolate-Instance" must be 1-20 letters or digits.`);
  });
});
