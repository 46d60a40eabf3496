// A row too wide for the step panel is cut with a marker, so the operator sees that it
// goes on (`o` shows it whole). A line of output mixing CJK and ASCII (`漢字x漢字x…`) was cut
// by Ink at the panel's edge with no marker: it read as if it ended there.

import { afterEach, describe, expect, it } from 'vitest';
import { Box } from 'ink';
import { StepPanel } from '../../source/ui/components/step-panel';
import { renderScreen, unmountAll, waitForFrame } from '../helpers/frames';

afterEach(() => unmountAll());

describe('the step panel', () => {
  it('cuts a row too wide for it with …, CJK mixed with ASCII too', async () => {
    const rows = [{ text: '漢字x'.repeat(200) }, { text: 'y'.repeat(200) }, { text: '漢'.repeat(200) }];
    const { lastFrame } = renderScreen(
      <Box width={80}>
        <Box width={23} flexShrink={0} />
        <StepPanel before={[]} rows={rows} height={3} width={57} />
      </Box>,
    );
    const frame = await waitForFrame(lastFrame, (f) => f.includes('漢'));
    expect(frame.split('\n').map((l) => l.trimEnd().at(-1))).toEqual(['…', '…', '…']);
  });
});
