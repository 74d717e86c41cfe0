package io.kedastral.core.model;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.OptionalInt;
import org.junit.jupiter.api.Test;

class ModelSpecTest {

  @Test
  void zeroIsAValidGivenOrder() {
    OrderSpec order = OrderSpec.of(0, 1, 0);
    assertThat(order.p()).hasValue(0);
    assertThat(order.isFullyGiven()).isTrue();
  }

  @Test
  void ordersLeftOutAreChosenByTheModel() {
    OrderSpec order = new OrderSpec(OptionalInt.of(2), OptionalInt.empty(), OptionalInt.empty());
    assertThat(order.isFullyGiven()).isFalse();
    assertThat(OrderSpec.chosen().p()).isEmpty();
  }

  @Test
  void rejectsNegativeAndOversizedOrders() {
    assertThatThrownBy(() -> OrderSpec.of(-1, 0, 0)).hasMessageContaining("p must be between 0");
    assertThatThrownBy(() -> OrderSpec.of(0, 0, 6)).hasMessageContaining("q must be between 0");
  }

  @Test
  void seasonsAreAtLeastTwoSteps() {
    assertThatThrownBy(() -> new ModelSpec.Sarima(OrderSpec.chosen(), OrderSpec.chosen(), 1))
        .hasMessageContaining("season must be at least 2");
    assertThat(new ModelSpec.Auto(288).name()).isEqualTo("auto");
    assertThat(new ModelSpec.SeasonalNaive(48).name()).isEqualTo("snaive");
  }
}
