import { randomUUID } from 'node:crypto';
import { invalidInput, notFound } from '../errors';
import { compact, readMaxResults, readNextToken, type Operation, type OperationContext } from '../operation';
import { scopeOf } from '../pagination';
import type { Hub, MemberState } from '../state';
import { isObject, readList, readString, readStringList, type JsonObject } from '../validate';

const ACCOUNT_ID = /^\d{12}$/;

function render(member: MemberState): JsonObject {
  return compact({
    AccountId: member.accountId,
    Email: member.email,
    MasterId: member.administratorId,
    AdministratorId: member.administratorId,
    MemberStatus: member.status,
    InvitedAt: member.invitedAt,
    UpdatedAt: member.updatedAt,
  });
}

function readAccountIds(ctx: OperationContext, max = 50): string[] {
  return readStringList(ctx.body, 'AccountIds', { required: true, min: 1, max }) as string[];
}

function unprocessed(accountId: string, result: string): JsonObject {
  return { AccountId: accountId, ProcessingResult: result };
}

function administratorView(hub: Hub): JsonObject | undefined {
  const admin = hub.administrator;
  return admin
    ? {
        AccountId: admin.accountId,
        InvitationId: admin.invitationId,
        InvitedAt: admin.invitedAt,
        MemberStatus: admin.status,
      }
    : undefined;
}

function acceptInvitation(ctx: OperationContext, administratorMember: string, idMember: string): JsonObject {
  const { caller, state, body, now } = ctx;
  const administratorId = readString(body, administratorMember, { required: true, pattern: ACCOUNT_ID });
  const invitationId = readString(body, idMember, { required: true, min: 1 });
  const hub = state.requireHub(caller);
  const invitation = hub.invitations.get(administratorId);
  if (!invitation || invitation.invitationId !== invitationId)
    throw notFound(`Invitation ${invitationId} from ${administratorId} not found`);
  const member = state.hubOf(administratorId, caller.region)?.members.get(caller.accountId);
  if (!member) throw notFound(`Account ${administratorId} no longer has ${caller.accountId} as a member`);
  member.status = 'Enabled';
  member.updatedAt = now;
  hub.invitations.delete(administratorId);
  hub.administrator = { accountId: administratorId, invitationId, status: 'Enabled', invitedAt: invitation.invitedAt };
  return {};
}

function leaveAdministrator(ctx: OperationContext): JsonObject {
  const hub = ctx.state.requireHub(ctx.caller);
  const admin = hub.administrator;
  if (!admin) throw notFound(`Account ${ctx.caller.accountId} has no administrator account`);
  const member = ctx.state.hubOf(admin.accountId, hub.region)?.members.get(hub.accountId);
  if (member) {
    member.status = 'Resigned';
    member.updatedAt = ctx.now;
  }
  hub.administrator = undefined;
  return {};
}

/** Administrator and member accounts: invitations, associations and what each side sees of the other. */
export const MEMBER_OPERATIONS: readonly Operation[] = [
  {
    name: 'CreateMembers',
    method: 'POST',
    path: '/members',
    handler: ({ caller, state, body, now }) => {
      const details = readList(body, 'AccountDetails', { required: true, min: 1, max: 50 }) as unknown[];
      const parsed = details.map((d) => {
        if (!isObject(d)) throw invalidInput('Each AccountDetails entry must be an object');
        return { accountId: readString(d, 'AccountId', { required: true }), email: readString(d, 'Email') };
      });
      const hub = state.requireHub(caller);
      // An organization's delegated administrator enrols organization accounts directly.
      const organizationAdmin = state.organizationAdmins.get(caller.region) === caller.accountId;
      const failed: JsonObject[] = [];
      for (const { accountId, email } of parsed) {
        if (!ACCOUNT_ID.test(accountId)) failed.push(unprocessed(accountId, 'Invalid account ID'));
        else if (accountId === caller.accountId)
          failed.push(unprocessed(accountId, 'The administrator account cannot be added as a member'));
        else if (!hub.members.has(accountId)) {
          hub.members.set(accountId, {
            accountId,
            email,
            administratorId: caller.accountId,
            status: organizationAdmin ? 'Enabled' : 'Created',
            updatedAt: now,
          });
        }
      }
      return { UnprocessedAccounts: failed };
    },
  },
  {
    name: 'GetMembers',
    method: 'POST',
    path: '/members/get',
    handler: (ctx) => {
      const ids = readAccountIds(ctx);
      const hub = ctx.state.requireHub(ctx.caller);
      const members: JsonObject[] = [];
      const failed: JsonObject[] = [];
      for (const id of ids) {
        const member = hub.members.get(id);
        if (member) members.push(render(member));
        else failed.push(unprocessed(id, 'Account is not a member of this administrator account'));
      }
      return { Members: members, UnprocessedAccounts: failed };
    },
  },
  {
    name: 'ListMembers',
    method: 'GET',
    path: '/members',
    handler: (ctx) => {
      const { caller, state, query } = ctx;
      const onlyText = query.get('OnlyAssociated');
      if (onlyText !== null && onlyText !== 'true' && onlyText !== 'false')
        throw invalidInput('OnlyAssociated must be true or false');
      const onlyAssociated = onlyText !== 'false';
      const maxResults = readMaxResults(ctx, 50);
      const hub = state.requireHub(caller);
      const members = [...hub.members.values()].filter(
        (m) => !onlyAssociated || m.status === 'Enabled' || m.status === 'Associated',
      );
      const page = state.tokens.page(
        members,
        scopeOf('ListMembers', caller.accountId, caller.region, { onlyAssociated }),
        { nextToken: readNextToken(ctx), maxResults },
      );
      return compact({ Members: page.items.map(render), NextToken: page.nextToken });
    },
  },
  {
    name: 'InviteMembers',
    method: 'POST',
    path: '/members/invite',
    handler: (ctx) => {
      const { caller, state, now } = ctx;
      const ids = readAccountIds(ctx);
      const hub = state.requireHub(caller);
      const failed: JsonObject[] = [];
      for (const id of ids) {
        const member = hub.members.get(id);
        const memberHub = state.hubOf(id, caller.region);
        // Accounts already enabled (organization accounts are enrolled directly) need no invitation.
        if (!member) failed.push(unprocessed(id, 'Account is not a member of this administrator account'));
        else if (member.status === 'Enabled') continue;
        else if (!memberHub)
          failed.push(unprocessed(id, `Account ${id} has not enabled Security Hub in ${caller.region}`));
        else {
          member.status = 'Invited';
          member.invitedAt = now;
          member.updatedAt = now;
          memberHub.invitations.set(caller.accountId, {
            administratorId: caller.accountId,
            invitationId: randomUUID().replace(/-/g, ''),
            invitedAt: now,
            status: 'Invited',
          });
        }
      }
      return { UnprocessedAccounts: failed };
    },
  },
  {
    name: 'DisassociateMembers',
    method: 'POST',
    path: '/members/disassociate',
    handler: (ctx) => {
      const { caller, state, now } = ctx;
      const ids = readAccountIds(ctx);
      const hub = state.requireHub(caller);
      for (const id of ids) {
        const member = hub.members.get(id);
        if (!member) throw notFound(`Account ${id} is not a member of this administrator account`);
        member.status = 'Removed';
        member.updatedAt = now;
        const memberHub = state.hubOf(id, caller.region);
        if (memberHub?.administrator?.accountId === caller.accountId) memberHub.administrator = undefined;
      }
      return {};
    },
  },
  {
    name: 'DeleteMembers',
    method: 'POST',
    path: '/members/delete',
    handler: (ctx) => {
      const { caller, state } = ctx;
      const ids = readAccountIds(ctx);
      const hub = state.requireHub(caller);
      const failed: JsonObject[] = [];
      for (const id of ids) {
        if (!hub.members.delete(id)) {
          failed.push(unprocessed(id, 'Account is not a member of this administrator account'));
          continue;
        }
        const memberHub = state.hubOf(id, caller.region);
        memberHub?.invitations.delete(caller.accountId);
        if (memberHub?.administrator?.accountId === caller.accountId) memberHub.administrator = undefined;
      }
      return { UnprocessedAccounts: failed };
    },
  },
  {
    name: 'ListInvitations',
    method: 'GET',
    path: '/invitations',
    handler: (ctx) => {
      const { caller, state } = ctx;
      const maxResults = readMaxResults(ctx, 50);
      const hub = state.requireHub(caller);
      const invitations = [...hub.invitations.values()].map((i) => ({
        AccountId: i.administratorId,
        InvitationId: i.invitationId,
        InvitedAt: i.invitedAt,
        MemberStatus: i.status,
      }));
      const page = state.tokens.page(invitations, scopeOf('ListInvitations', caller.accountId, caller.region, {}), {
        nextToken: readNextToken(ctx),
        maxResults,
      });
      return compact({ Invitations: page.items, NextToken: page.nextToken });
    },
  },
  {
    name: 'GetInvitationsCount',
    method: 'GET',
    path: '/invitations/count',
    handler: ({ caller, state }) => ({ InvitationsCount: state.requireHub(caller).invitations.size }),
  },
  {
    name: 'DeclineInvitations',
    method: 'POST',
    path: '/invitations/decline',
    handler: (ctx) => {
      const ids = readAccountIds(ctx);
      const hub = ctx.state.requireHub(ctx.caller);
      const failed = ids
        .filter((id) => !hub.invitations.delete(id))
        .map((id) => unprocessed(id, 'No invitation from this account'));
      return { UnprocessedAccounts: failed };
    },
  },
  {
    name: 'DeleteInvitations',
    method: 'POST',
    path: '/invitations/delete',
    handler: (ctx) => {
      const ids = readAccountIds(ctx);
      const hub = ctx.state.requireHub(ctx.caller);
      const failed = ids
        .filter((id) => !hub.invitations.delete(id))
        .map((id) => unprocessed(id, 'No invitation from this account'));
      return { UnprocessedAccounts: failed };
    },
  },
  {
    name: 'AcceptAdministratorInvitation',
    method: 'POST',
    path: '/administrator',
    handler: (ctx) => acceptInvitation(ctx, 'AdministratorId', 'InvitationId'),
  },
  {
    name: 'AcceptInvitation',
    method: 'POST',
    path: '/master',
    handler: (ctx) => acceptInvitation(ctx, 'MasterId', 'InvitationId'),
  },
  {
    name: 'GetAdministratorAccount',
    method: 'GET',
    path: '/administrator',
    handler: ({ caller, state }) => compact({ Administrator: administratorView(state.requireHub(caller)) }),
  },
  {
    name: 'GetMasterAccount',
    method: 'GET',
    path: '/master',
    handler: ({ caller, state }) => compact({ Master: administratorView(state.requireHub(caller)) }),
  },
  {
    name: 'DisassociateFromAdministratorAccount',
    method: 'POST',
    path: '/administrator/disassociate',
    handler: leaveAdministrator,
  },
  { name: 'DisassociateFromMasterAccount', method: 'POST', path: '/master/disassociate', handler: leaveAdministrator },
];
