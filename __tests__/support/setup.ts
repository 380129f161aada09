import { Testing } from '../../modules/framework';
// Declares the matchers' types for the test files.
import 'cdktf/lib/testing/adapters/jest';

// cdktf's matchers (toHaveResource, toHaveResourceWithProperties, ...).
Testing.setupJest();

// The AWS SDK's notice about Node.js 20 support is printed once per client process; in test logs
// it only buries the failures. jest.config.js sets this for the workers and their children; this
// line covers a worker started some other way. The SDK honours only the exact value "true".
process.env.AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED = 'true';
