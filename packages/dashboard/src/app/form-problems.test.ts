import { describe, expect, it } from 'vitest';
import { FORM_PROBLEMS, problemsByField } from './form-problems.js';

describe('problemsByField', () => {
  const fields = ['image', 'name', 'ports', 'environment'];

  it('puts each problem at the field it names, with the part below the field', () => {
    const details = [
      { field: 'name', message: 'must be 1-128 characters of letters, digits, _ . -' },
      { field: 'ports.99999', message: 'host port must be from 1 to 65535' },
      { field: 'environment.1BAD', message: 'is not a variable name' },
      { field: 'ports', message: 'second problem' },
    ];
    expect(problemsByField(details, fields)).toEqual({
      name: ['must be 1-128 characters of letters, digits, _ . -'],
      ports: ['99999: host port must be from 1 to 65535', 'second problem'],
      environment: ['1BAD: is not a variable name'],
    });
  });

  it('keeps problems with fields the form does not have, and names them', () => {
    expect(problemsByField([{ field: 'healthcheck.interval', message: 'too short' }, { field: '', message: 'body is empty' }], fields)).toEqual({
      [FORM_PROBLEMS]: ['healthcheck.interval: too short', 'body is empty'],
    });
  });

  it('reads array indexes and ignores what is not a list of problems', () => {
    expect(problemsByField([{ field: 'command[2]', message: 'must be a string' }], ['command'])).toEqual({ command: ['2: must be a string'] });
    expect(problemsByField(undefined, fields)).toEqual({});
    expect(problemsByField({ field: 'name', message: 'x' }, fields)).toEqual({});
    expect(problemsByField([{ field: 'name' }, 'text'], fields)).toEqual({});
  });
});
