/** The Flex Message Simulator exports the server's tests use (test/fixtures/flex), for the UI's tests. */
import restaurantJson from '../../test/fixtures/flex/restaurant.json';
import shoppingJson from '../../test/fixtures/flex/shopping.json';

type Json = Record<string, unknown>;
/** A fresh copy each time, so no test can change another's. */
export const restaurant = (): Json => structuredClone(restaurantJson) as Json;
export const shopping = (): Json => structuredClone(shoppingJson) as Json;
