import { SecurityhubAccount, Construct } from './framework';

/** Properties of {@link SecurityHub}. */
export interface SecurityHubProps {
  /**
   * Let Security Hub turn on new controls of enabled standards as AWS releases them.
   * @default true
   */
  readonly autoEnableControls?: boolean;
}

/**
 * Security Hub turned on in one account and Region, with consolidated control findings
 * (one finding per control and resource, whatever the number of standards) and without the
 * default standards: standards come from configuration policies, so nothing is enabled behind
 * the configuration's back.
 */
export class SecurityHub extends Construct {
  /** The `aws_securityhub_account` resource; other Security Hub resources depend on it. */
  public readonly account: SecurityhubAccount;

  constructor(scope: Construct, id: string, props: SecurityHubProps = {}) {
    super(scope, id);
    this.account = new SecurityhubAccount(this, 'account', {
      enableDefaultStandards: false,
      controlFindingGenerator: 'SECURITY_CONTROL',
      autoEnableControls: props.autoEnableControls ?? true,
    });
  }
}
