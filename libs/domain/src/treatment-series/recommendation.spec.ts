import { aClinicalPolicy, blockPerformed, seriesStory, type SeriesStory } from '@app/testing';
import { RECOMMENDATION_ACTIONS } from '../shared/clinical-vocabulary';
import { recommendNextStep } from './recommendation';
import { treatmentSeriesDecider as series } from './treatment-series.decider';

function recommended(story: SeriesStory) {
  return recommendNextStep(story.state());
}

function actionAndRule(story: SeriesStory) {
  const recommendation = recommended(story);
  return recommendation && { action: recommendation.action, rule: recommendation.rule };
}

describe('the series recommendation (docs/http-api.md)', () => {
  describe('when there is nothing to recommend (null)', () => {
    it('no series', () => {
      expect(recommendNextStep(series.initialState())).toBeNull();
    });

    it('a block is booked and not yet assessed (booked or checked in)', () => {
      expect(recommended(seriesStory().booked())).toBeNull();
      expect(recommended(seriesStory().booked().checkedIn())).toBeNull();
      expect(recommended(seriesStory().blockDone().booked())).toBeNull();
    });

    it('between the procedure and its judgement (they are appended together)', () => {
      const story = seriesStory().booked().checkedIn();
      const state = series.evolve(story.state(), blockPerformed());
      expect(recommendNextStep(state)).toBeNull();
    });

    it('the series is referred or closed', () => {
      expect(recommended(seriesStory().blockDone().blockDone().referred())).toBeNull();
      expect(recommended(seriesStory().closed())).toBeNull();
    });
  });

  describe('book-block', () => {
    it('an open series with no block yet', () => {
      expect(recommended(seriesStory())).toEqual({
        action: 'book-block',
        reason: 'The series is open and no block has been done yet: book the first block.',
        rule: 'first-block',
      });
    });

    it('cancelled and no-show blocks are not assessments', () => {
      expect(actionAndRule(seriesStory().booked().cancelled())).toEqual({
        action: 'book-block',
        rule: 'first-block',
      });
      expect(actionAndRule(seriesStory().booked().noShow())).toEqual({
        action: 'book-block',
        rule: 'first-block',
      });
    });
  });

  describe('the outcome table (docs/clinical-rules.md), whatever the intent', () => {
    it.each(['diagnostic', 'prognostic', 'therapeutic'] as const)(
      '%s: technical failure → repeat the block',
      (intent) => {
        const recommendation = recommended(seriesStory({ intent }).blockDone('technical-failure'));
        expect(recommendation).toEqual({
          action: 'repeat-block',
          reason:
            'Block 1 was technically unsuccessful (temperature rise 1.0 °C, below 2.0 °C): it says nothing about the pain; repeat the block.',
          rule: 'technical-failure-repeat',
        });
      },
    );

    it.each(['diagnostic', 'prognostic', 'therapeutic'] as const)(
      '%s: two technical failures in a row → physician review',
      (intent) => {
        const story = seriesStory({ intent })
          .blockDone('technical-failure')
          .blockDone('technical-failure');
        expect(recommended(story)).toEqual({
          action: 'physician-review',
          reason:
            'The last 2 blocks were technically unsuccessful in a row (no adequate temperature rise): review technique, levels and indication before another attempt.',
          rule: 'repeated-technical-failure',
        });
      },
    );

    it('failures not in a row: a repeat again', () => {
      const story = seriesStory({ rehabilitationProgramme: true })
        .blockDone('technical-failure')
        .blockDone('positive')
        .blockDone('technical-failure');
      expect(actionAndRule(story)).toEqual({
        action: 'repeat-block',
        rule: 'technical-failure-repeat',
      });
    });

    it('a cancelled block between two failures does not break the run', () => {
      const story = seriesStory()
        .blockDone('technical-failure')
        .booked()
        .cancelled()
        .blockDone('technical-failure');
      expect(actionAndRule(story)).toEqual({
        action: 'physician-review',
        rule: 'repeated-technical-failure',
      });
    });

    it('the policy sets how many failures in a row call for review', () => {
      const story = seriesStory({
        policy: aClinicalPolicy({ consecutiveTechnicalFailuresForReview: 3 }),
      })
        .blockDone('technical-failure')
        .blockDone('technical-failure');
      expect(actionAndRule(story)).toEqual({
        action: 'repeat-block',
        rule: 'technical-failure-repeat',
      });
    });

    it.each(['diagnostic', 'prognostic', 'therapeutic'] as const)(
      '%s: technical success, relief < 30 % → stop the series (not sympathetically mediated)',
      (intent) => {
        const recommendation = recommended(
          seriesStory({ intent }).blockDone('not-sympathetically-mediated'),
        );
        expect(recommendation).toEqual({
          action: 'stop-series',
          reason:
            'Block 1 worked technically (temperature rise 3.0 °C) but relieved 12.5 % of the pain: the pain does not appear sympathetically mediated; consider stopping the series.',
          rule: 'not-sympathetically-mediated',
        });
      },
    );

    it.each(['diagnostic', 'prognostic', 'therapeutic'] as const)(
      '%s: technical success, relief 30–49 % → physician review',
      (intent) => {
        expect(recommended(seriesStory({ intent }).blockDone('partial'))).toEqual({
          action: 'physician-review',
          reason:
            'Block 1 worked technically but gave partial relief (40 %): decide whether to continue the series.',
          rule: 'partial-relief',
        });
      },
    );

    it('exactly 30 % is partial; exactly 50 % is positive', () => {
      const thirty = seriesStory().blockDone({ painBefore: 10, painAfter: 7 });
      expect(actionAndRule(thirty)).toEqual({ action: 'physician-review', rule: 'partial-relief' });
      const fifty = seriesStory().blockDone({ painBefore: 10, painAfter: 5 });
      expect(actionAndRule(fifty)).toEqual({
        action: 'continue-series',
        rule: 'prognostic-confirmation',
      });
    });

    it('a rise of exactly the threshold is technical success', () => {
      const story = seriesStory().blockDone({ baselineTempC: 34.0, peakTempC: 36.0 });
      expect(recommended(story)?.action).toBe('continue-series');
    });

    it('pain before 0: relief not measurable → physician review', () => {
      expect(recommended(seriesStory().blockDone('not-measurable'))).toEqual({
        action: 'physician-review',
        reason:
          'Block 1 worked technically (temperature rise 3.0 °C) but pain before the block was 0/10, so relief could not be measured.',
        rule: 'relief-not-measurable',
      });
    });
  });

  describe('a positive block, by intent', () => {
    it('diagnostic: one technically successful positive block answers the question', () => {
      expect(recommended(seriesStory({ intent: 'diagnostic' }).blockDone('positive'))).toEqual({
        action: 'physician-review',
        reason:
          'The diagnostic block worked technically and relieved 75 % of the pain: sympathetically maintained pain is confirmed; decide on a prognostic or therapeutic plan.',
        rule: 'diagnostic-question-answered',
      });
    });

    describe('prognostic: continue until 2 positive blocks, then refer', () => {
      it('one positive block → continue the series', () => {
        expect(recommended(seriesStory({ intent: 'prognostic' }).blockDone('positive'))).toEqual({
          action: 'continue-series',
          reason:
            'Block 1 was positive (75 % relief): 1 of 2 positive blocks needed before referral for neurolysis; book the next prognostic block.',
          rule: 'prognostic-confirmation',
        });
      });

      it('two positive blocks → refer for radiofrequency ablation', () => {
        expect(recommended(seriesStory().blockDone('positive').blockDone('positive'))).toEqual({
          action: 'refer-rfa',
          reason:
            '2 consecutive positive prognostic blocks (the last relieved 75 % of the pain): consider referral for radiofrequency ablation or chemical neurolysis.',
          rule: 'prognostic-positive-blocks',
        });
      });

      it('a technical failure between them neither breaks nor extends the run', () => {
        const story = seriesStory()
          .blockDone('positive')
          .blockDone('technical-failure')
          .blockDone('positive');
        expect(actionAndRule(story)).toEqual({
          action: 'refer-rfa',
          rule: 'prognostic-positive-blocks',
        });
      });

      it('a partial block between them breaks the run: positives must be consecutive', () => {
        const story = seriesStory({ rehabilitationProgramme: true })
          .blockDone('positive')
          .blockDone('partial')
          .blockDone('positive');
        expect(actionAndRule(story)).toEqual({
          action: 'continue-series',
          rule: 'prognostic-confirmation',
        });
      });

      it('a clinic that asks for 3 positive blocks', () => {
        const policy = aClinicalPolicy({ neurolysisMinPositiveBlocks: 3 });
        const two = seriesStory({ policy }).blockDone().blockDone();
        expect(actionAndRule(two)).toEqual({
          action: 'continue-series',
          rule: 'prognostic-confirmation',
        });
        const three = seriesStory({ policy }).blockDone().blockDone().blockDone();
        expect(actionAndRule(three)).toEqual({
          action: 'refer-rfa',
          rule: 'prognostic-positive-blocks',
        });
      });

      it('referral is recommended even when the caps are reached (no further block is proposed)', () => {
        const policy = aClinicalPolicy({ initialSeriesMaxBlocks: 2 });
        const story = seriesStory({ policy }).blockDone().blockDone();
        expect(recommended(story)?.action).toBe('refer-rfa');
      });
    });

    describe('therapeutic: continue while relief lasts longer each time', () => {
      const therapeutic = { intent: 'therapeutic' as const, rehabilitationProgramme: true };

      it('the first positive block → continue', () => {
        expect(recommended(seriesStory(therapeutic).blockDone('positive'))).toEqual({
          action: 'continue-series',
          reason:
            'Block 1 was the first positive block (75 % relief): continue the series and record how long relief lasts.',
          rule: 'therapeutic-first-positive',
        });
      });

      it('relief lasted longer than after the previous positive block → continue', () => {
        const story = seriesStory(therapeutic)
          .blockDone('positive', { reliefLastedHours: 24 })
          .blockDone('positive', { reliefLastedHours: 72 });
        expect(recommended(story)).toEqual({
          action: 'continue-series',
          reason:
            'Relief lasted longer after block 2 (72 h) than after block 1 (24 h): continue the series.',
          rule: 'therapeutic-relief-lengthening',
        });
      });

      it('relief lasted as long or shorter → stop the series', () => {
        const same = seriesStory(therapeutic)
          .blockDone('positive', { reliefLastedHours: 72 })
          .blockDone('positive', { reliefLastedHours: 72 });
        expect(recommended(same)).toEqual({
          action: 'stop-series',
          reason:
            'Relief after block 2 lasted 72 h, no longer than after block 1 (72 h): the blocks are no longer adding benefit; consider stopping the series.',
          rule: 'therapeutic-relief-not-lasting',
        });
        const shorter = seriesStory(therapeutic)
          .blockDone('positive', { reliefLastedHours: 72 })
          .blockDone('positive', { reliefLastedHours: 12 });
        expect(actionAndRule(shorter)).toEqual({
          action: 'stop-series',
          rule: 'therapeutic-relief-not-lasting',
        });
      });

      it('the latest follow-up of a block counts (day 28 over day 7)', () => {
        const story = seriesStory(therapeutic)
          .blockDone('positive', { reliefLastedHours: 24 })
          .blockDone('positive')
          .followUp({ daysAfter: 28, reliefLastedHours: 96 })
          .followUp({ daysAfter: 7, reliefLastedHours: 10 });
        expect(recommended(story)?.rule).toBe('therapeutic-relief-lengthening');
      });

      it('relief duration not recorded yet → physician review rather than a guess', () => {
        const story = seriesStory(therapeutic)
          .blockDone('positive', { reliefLastedHours: 24 })
          .blockDone('positive');
        expect(recommended(story)).toEqual({
          action: 'physician-review',
          reason:
            'Block 2 relieved 75 % of the pain, but how long relief lasted is not recorded for it or for block 1: record the follow-up before deciding on the next block.',
          rule: 'therapeutic-relief-duration-unknown',
        });
      });

      it('compares with the previous positive block, across a technical failure', () => {
        const story = seriesStory(therapeutic)
          .blockDone('positive', { reliefLastedHours: 24 })
          .blockDone('technical-failure')
          .blockDone('positive', { reliefLastedHours: 48 });
        expect(recommended(story)?.rule).toBe('therapeutic-relief-lengthening');
      });
    });
  });

  describe('caps: physician review when another block would exceed one', () => {
    it('the initial series: a third positive-but-not-yet-referable block', () => {
      const policy = aClinicalPolicy({ neurolysisMinPositiveBlocks: 4 });
      const story = seriesStory({ policy }).blockDone().blockDone().blockDone();
      expect(recommended(story)).toEqual({
        action: 'physician-review',
        reason:
          'Another block would exceed the initial series of 3 blocks (a bilateral block counts as two): review before continuing; an override needs a recorded reason.',
        rule: 'initial-series-cap',
      });
    });

    it('bilateral: one bilateral block leaves no room for a second in an initial series of 3', () => {
      const story = seriesStory({ side: 'bilateral' }).blockDone('positive');
      expect(actionAndRule(story)).toEqual({
        action: 'physician-review',
        rule: 'initial-series-cap',
      });
    });

    it('an override of the initial-series cap lets the recommendation continue', () => {
      const policy = aClinicalPolicy({ neurolysisMinPositiveBlocks: 4 });
      const story = seriesStory({ policy }).blockDone().blockDone().blockDone().capOverride();
      expect(recommended(story)?.action).toBe('continue-series');
    });

    it('a repeat after a technical failure is capped by the yearly cap (failures count)', () => {
      const story = seriesStory({ rehabilitationProgramme: true, intent: 'therapeutic' });
      for (let i = 0; i < 5; i++) story.blockDone('positive', { reliefLastedHours: 10 * (i + 1) });
      story.blockDone('technical-failure');
      expect(recommended(story)).toEqual({
        action: 'physician-review',
        reason:
          'Another block would exceed 6 blocks in 12 months (technical failures count): review before continuing; an override needs a recorded reason.',
        rule: 'yearly-cap',
      });
      expect(recommended(story.capOverride('yearly'))?.action).toBe('repeat-block');
    });

    it('book-block with caps that leave no room at all (a policy of 1 block, a bilateral series)', () => {
      const policy = aClinicalPolicy({ initialSeriesMaxBlocks: 1 });
      expect(actionAndRule(seriesStory({ policy, side: 'bilateral' }))).toEqual({
        action: 'physician-review',
        rule: 'initial-series-cap',
      });
    });
  });

  it('every action is one of those docs/http-api.md lists', () => {
    const stories = [
      seriesStory(),
      seriesStory().blockDone('technical-failure'),
      seriesStory().blockDone('positive').blockDone('positive'),
      seriesStory().blockDone('not-sympathetically-mediated'),
    ];
    for (const story of stories) {
      expect(RECOMMENDATION_ACTIONS).toContain(recommended(story)!.action);
    }
  });
});
