import { Testing } from 'cdktf';
// Declares the matchers' types for the test files.
import 'cdktf/lib/testing/adapters/jest';

// cdktf's matchers (toHaveResource, toHaveResourceWithProperties, ...).
Testing.setupJest();
