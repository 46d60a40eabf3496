import { describe, it, expect } from 'vitest';
import { slugify, snakeCase } from '../../source/runbook/slug';
import { seedLines } from './dialect-seeds';

describe('slugify', () => {
  it.each([
    ['1.2 Baseline Data Counts (SAVE THESE VALUES)', '1-2-baseline-data-counts-save-these-values'],
    ['PHASE 7: Monitoring Plan (First 24 Hours)', 'phase-7-monitoring-plan-first-24-hours'],
    ['Deployment Checklist: Sprint 3 - Full Agentic Coprocessor', 'deployment-checklist-sprint-3-full-agentic-coprocessor'],
    ['Sprint 3 – Full Agentic Coprocessor', 'sprint-3-full-agentic-coprocessor'],
    ['🔐 Pre-Deployment Security', 'pre-deployment-security'],
    ['Café déjà vu', 'cafe-deja-vu'],
    ['docker compose exec backend alembic current', 'docker-compose-exec-backend-alembic-current'],
    ['', ''],
    ['✅ 🚀', ''],
  ])('%j → %j', (text, slug) => {
    expect(slugify(text)).toBe(slug);
  });

  it('drops the mis-decoded emoji in the golden seed’s headings', () => {
    const lines = seedLines('golden-architecture-v5.1-checklist.md');
    expect(slugify((lines[0] ?? '').replace(/^# /, ''))).toBe('golden-architecture-v5-1-deployment-checklist');
    expect(slugify((lines[6] ?? '').replace(/^## /, ''))).toBe('pre-deployment-security');
    expect(slugify((lines[401] ?? '').replace(/\*/g, ''))).toBe('deployment-checklist-complete');
  });

  it('stops at a word boundary within 60 characters', () => {
    const slug = slugify('Verify traces viewer does not expose PII on staging with every role and every browser');
    expect(slug.length).toBeLessThanOrEqual(60);
    expect(slug).toBe('verify-traces-viewer-does-not-expose-pii-on-staging-with');
    expect(slugify('x'.repeat(80))).toBe('x'.repeat(60));
  });
});

describe('snakeCase', () => {
  it.each([
    ['Deploy Lead', 'deploy_lead'],
    ['Store backup location', 'store_backup_location'],
    ['Commit SHA', 'commit_sha'],
    ['Deploy Date', 'deploy_date'],
    ['Failed (STOP if > 0)', 'failed'],
    ['**Deploy Lead:**', 'deploy_lead'],
    ['Pre-Deploy Value', 'pre_deploy_value'],
    ['(only a remark)', 'only_a_remark'],
  ])('%j → %j', (label, name) => {
    expect(snakeCase(label)).toBe(name);
  });
});
