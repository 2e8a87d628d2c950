import { afterEach, describe, expect, it } from 'vitest';
import { describeFailure, rawCommentSettings } from '../../src/action/comment.js';
import { InputError, InputErrors } from '../../src/errors.js';

describe('the comment step when the run could not evaluate', () => {
  const saved = { ...process.env };
  afterEach(() => {
    process.env = { ...saved };
  });

  it('describes an input error in one line, the hint apart', () => {
    const error = new InputError(
      '"max_day" is not a setting',
      { file: 'p.yml', line: 3, column: 24 },
      'max_days?',
    );
    expect(describeFailure(error)).toEqual({
      what: 'p.yml:3:24: "max_day" is not a setting',
      hint: 'max_days?',
    });
    const many = new InputErrors([
      new InputError('a', { file: 'p.yml', line: 1 }),
      new InputError('b', { file: 'p.yml', line: 2 }),
    ]);
    expect(describeFailure(many).what).toBe('p.yml:1: a; p.yml:2: b');
    expect(describeFailure(new TypeError('boom'))).toEqual({
      what: 'unexpected error: boom',
      hint: undefined,
    });
  });

  it('reads the raw inputs when they could not be read: an unreadable mode still comments', () => {
    Object.assign(process.env, {
      INPUT_COMMENT: 'sometimes',
      INPUT_POLICY: 'policy.yml',
      'INPUT_ACCOUNT-LABEL': 'prod',
      'INPUT_GITHUB-TOKEN': 't',
      'INPUT_COMMENT-TIMEOUT-SECONDS': 'soon',
    });
    expect(rawCommentSettings()).toEqual({
      mode: 'always',
      token: 't',
      key: 'policy.yml prod',
      author: undefined,
      timeoutSeconds: 30,
    });
    process.env.INPUT_COMMENT = 'never';
    process.env.INPUT_MERGE = 'reports/*.json';
    expect(rawCommentSettings()).toMatchObject({ mode: 'never', key: 'merge reports/*.json prod' });
    // two accounts checked with one policy and no label: two comments
    delete process.env.INPUT_MERGE;
    delete process.env['INPUT_ACCOUNT-LABEL'];
    process.env['INPUT_ACCOUNT-ID'] = '111111111111';
    expect(rawCommentSettings().key).toBe('policy.yml 111111111111');
  });
});
