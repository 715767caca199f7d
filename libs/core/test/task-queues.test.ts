import { describe, expect, it } from 'vitest';

import { CONTROL_TASK_QUEUE, trainTaskQueue } from '@bcml/core';

describe('task queues', () => {
  it('names the control and trainer pools', () => {
    expect(CONTROL_TASK_QUEUE).toBe('bcml-control');
    expect(trainTaskQueue('cpu')).toBe('bcml-train-cpu');
    expect(trainTaskQueue('gpu')).toBe('bcml-train-gpu');
  });
});
