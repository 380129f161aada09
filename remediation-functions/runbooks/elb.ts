import {
  DescribeListenersCommand,
  DescribeLoadBalancersCommand,
  DescribeRulesCommand,
  DescribeTagsCommand,
  ElasticLoadBalancingV2Client,
  ModifyListenerCommand,
  ModifyRuleCommand,
  type Action,
  type Listener,
} from '@aws-sdk/client-elastic-load-balancing-v2';
import { isAwsError, NotRemediableError, ResourceNotFoundError } from '../shared/errors';
import { parseArn } from '../shared/finding';
import { tagMap, type Runbook, type RunbookContext } from './types';

function elbv2(ctx: RunbookContext): ElasticLoadBalancingV2Client {
  return ctx.clients.get(
    'elasticloadbalancing',
    ElasticLoadBalancingV2Client,
    parseArn(ctx.resource.Id)?.region || ctx.region,
  );
}

/** The action ELB.1 asks for: a permanent redirect to the same host, path and query over HTTPS on 443. */
const REDIRECT_TO_HTTPS: Action = {
  Type: 'redirect',
  RedirectConfig: { Protocol: 'HTTPS', Port: '443', StatusCode: 'HTTP_301' },
};

const redirectsToHttps = (actions: readonly Action[] | undefined): boolean =>
  (actions ?? []).some((a) => a.Type === 'redirect' && a.RedirectConfig?.Protocol === 'HTTPS');

/** What the redirect runbook changes, as it was: each HTTP listener's default actions and each of its rules' actions. */
interface HttpsRedirectState {
  readonly loadBalancerArn: string;
  readonly listeners: readonly {
    readonly listenerArn: string;
    readonly port?: number;
    readonly defaultActions: readonly Action[];
  }[];
  readonly rules: readonly { readonly ruleArn: string; readonly actions: readonly Action[] }[];
}

async function listenersOf(ctx: RunbookContext, loadBalancerArn: string): Promise<Listener[]> {
  const listeners: Listener[] = [];
  let marker: string | undefined;
  do {
    const page = await elbv2(ctx).send(
      new DescribeListenersCommand({ LoadBalancerArn: loadBalancerArn, Marker: marker }),
    );
    listeners.push(...(page.Listeners ?? []));
    marker = page.NextMarker;
  } while (marker);
  return listeners;
}

/** ELB.1: every HTTP listener of the Application Load Balancer redirects to HTTPS. */
export const redirectAlbHttpToHttps: Runbook<HttpsRedirectState> = {
  name: 'RedirectAlbHttpToHttps',
  resourceTypes: ['AwsElbv2LoadBalancer'],
  async inspect(ctx) {
    const arn = ctx.resource.Id;
    let type: string | undefined;
    let name: string | undefined;
    try {
      const lb = (await elbv2(ctx).send(new DescribeLoadBalancersCommand({ LoadBalancerArns: [arn] })))
        .LoadBalancers?.[0];
      type = lb?.Type;
      name = lb?.LoadBalancerName;
    } catch (error) {
      if (!isAwsError(error, 'LoadBalancerNotFound', 'LoadBalancerNotFoundException')) throw error;
    }
    if (!name) throw new ResourceNotFoundError(`load balancer ${arn} no longer exists`);
    if (type !== 'application')
      throw new NotRemediableError(
        `load balancer ${name} is of type ${type}; ELB.1 applies to Application Load Balancers only`,
      );
    const listeners = await listenersOf(ctx, arn);
    const http = listeners.filter((l) => l.Protocol === 'HTTP');
    const open: HttpsRedirectState['listeners'][number][] = [];
    const rules: HttpsRedirectState['rules'][number][] = [];
    for (const listener of http) {
      if (!redirectsToHttps(listener.DefaultActions))
        open.push({
          listenerArn: listener.ListenerArn as string,
          port: listener.Port,
          defaultActions: listener.DefaultActions ?? [],
        });
      // A rule that forwards plain HTTP serves it as much as the default action does.
      const listenerRules =
        (await elbv2(ctx).send(new DescribeRulesCommand({ ListenerArn: listener.ListenerArn }))).Rules ?? [];
      for (const rule of listenerRules) {
        if (!rule.IsDefault && !redirectsToHttps(rule.Actions))
          rules.push({ ruleArn: rule.RuleArn as string, actions: rule.Actions ?? [] });
      }
    }
    const changes = [
      ...open.map(
        (l) =>
          `set the default action of HTTP listener ${l.port} of load balancer ${name} to a 301 redirect to HTTPS 443`,
      ),
      ...rules.map((r) => `set the actions of rule ${r.ruleArn} to a 301 redirect to HTTPS 443`),
    ];
    if (changes.length > 0 && !listeners.some((l) => l.Protocol === 'HTTPS')) {
      throw new NotRemediableError(
        `load balancer ${name} has no HTTPS listener, so redirecting HTTP would break every request; nothing was changed. ` +
          `Add one first (aws elbv2 create-listener --load-balancer-arn ${arn} --protocol HTTPS --port 443 --certificates CertificateArn=<ACM certificate ARN> ` +
          "--default-actions <the HTTP listener's current actions>), then run the remediation again",
      );
    }
    const tags = (await elbv2(ctx).send(new DescribeTagsCommand({ ResourceArns: [arn] }))).TagDescriptions?.[0]?.Tags;
    return { before: { loadBalancerArn: arn, listeners: open, rules }, changes, tags: tagMap(tags) };
  },
  async apply(ctx, { before }) {
    for (const l of before.listeners)
      await elbv2(ctx).send(
        new ModifyListenerCommand({ ListenerArn: l.listenerArn, DefaultActions: [REDIRECT_TO_HTTPS] }),
      );
    for (const r of before.rules)
      await elbv2(ctx).send(new ModifyRuleCommand({ RuleArn: r.ruleArn, Actions: [REDIRECT_TO_HTTPS] }));
  },
  async rollback(ctx, before) {
    for (const r of before.rules)
      await elbv2(ctx).send(new ModifyRuleCommand({ RuleArn: r.ruleArn, Actions: [...r.actions] }));
    for (const l of before.listeners)
      await elbv2(ctx).send(
        new ModifyListenerCommand({ ListenerArn: l.listenerArn, DefaultActions: [...l.defaultActions] }),
      );
  },
};
